package io.camstream.capture.javacv;

import io.camstream.capture.CaptureClock;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * The first packets of a live stream, read ahead of decoding to measure the rate at which they
 * arrive ({@link ArrivalRate}), then handed out in order before any newer one: no frame is lost to
 * the measurement, and only compressed packets are held meanwhile. A failure or the end of the
 * stream met while reading ahead is kept until those packets are used up.
 *
 * <p>The reading runs on a thread of its own ({@link #readAhead}), so that opening waits for the
 * measurement at most {@link ArrivalRate#LIMIT_NANOS}, even when a read then blocks for as long as
 * the network timeout allows (a stream that stalls after its first frames). Its owner keeps the
 * input to that thread until {@link #readAhead} returns.
 */
final class EarlyPackets implements AutoCloseable {

    /** Read ahead no further than this, whatever the rate: a second of 4K MJPEG is about 30 MB. */
    private static final long MAX_BYTES = 64L << 20;

    private record Early(AVPacket packet, long arrivalMicros) {
    }

    private final Deque<Early> packets = new ArrayDeque<>();
    private final CountDownLatch estimated = new CountDownLatch(1);
    private ArrivalRate rate;
    private IOException failure;
    private boolean ended;

    /**
     * Reads packets from {@code input} until their arrival rate is known or cannot be, or the input
     * fails, ends or is interrupted. Runs on the read-ahead thread; nothing else may use the input meanwhile.
     */
    void readAhead(FFmpegInput input) {
        try {
            synchronized (this) {
                rate = new ArrivalRate(System.nanoTime());
            }
            long bytes = 0;
            while (!measuredEnough() && bytes < MAX_BYTES) {
                AVPacket packet = avcodec.av_packet_alloc();
                boolean read;
                try {
                    read = input.read(packet);
                } catch (IOException e) {
                    avcodec.av_packet_free(packet);
                    synchronized (this) {
                        failure = e;
                    }
                    return;
                }
                synchronized (this) {
                    if (!read) {
                        avcodec.av_packet_free(packet);
                        ended = true;
                        return;
                    }
                    rate.arrived(System.nanoTime());
                    bytes += packet.size();
                    packets.add(new Early(packet, CaptureClock.nowMicros()));
                    if (rate.estimated(System.nanoTime())) {
                        estimated.countDown();
                    }
                }
            }
        } finally {
            estimated.countDown();
        }
    }

    /**
     * Waits for a first estimate of the rate (about half a second of frames; at most
     * {@link ArrivalRate#LIMIT_NANOS} and a little) and returns it, or 0 when none could be made.
     * Reading ahead goes on to refine it: {@link #fps()} once {@link #readAhead} has returned.
     */
    double awaitFirstEstimate() throws InterruptedException {
        estimated.await(ArrivalRate.LIMIT_NANOS + TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.NANOSECONDS);
        return fps();
    }

    /** The rate measured so far, or 0 when none could be. */
    synchronized double fps() {
        return rate == null ? 0 : rate.fps();
    }

    synchronized boolean isEmpty() {
        return packets.isEmpty();
    }

    /**
     * Moves the oldest packet read ahead into {@code packet}.
     *
     * @return its arrival time in epoch microseconds
     */
    synchronized long takeInto(AVPacket packet) {
        Early oldest = packets.remove();
        avcodec.av_packet_move_ref(packet, oldest.packet());
        avcodec.av_packet_free(oldest.packet());
        return oldest.arrivalMicros();
    }

    /** After the packets: whether the input ended while reading ahead. */
    synchronized boolean ended() {
        return ended;
    }

    /** After the packets: the failure met while reading ahead, once; null if none. */
    synchronized IOException takeFailure() {
        IOException kept = failure;
        failure = null;
        return kept;
    }

    @Override
    public synchronized void close() {
        while (!packets.isEmpty()) {
            avcodec.av_packet_free(packets.remove().packet());
        }
    }

    private synchronized boolean measuredEnough() {
        return rate.done(System.nanoTime());
    }
}
