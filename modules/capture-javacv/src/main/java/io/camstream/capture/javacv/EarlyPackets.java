package io.camstream.capture.javacv;

import io.camstream.capture.CaptureClock;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * The first packets of a live stream, read ahead of decoding to measure the rate at which they
 * arrive ({@link ArrivalRate}), then handed out in order before any newer one: no frame is lost to
 * the measurement, and only compressed packets are held meanwhile. A failure or the end of the
 * stream met while reading ahead is kept until those packets are used up.
 */
final class EarlyPackets implements AutoCloseable {

    /** Read ahead no further than this, whatever the rate: a second of 4K MJPEG is about 30 MB. */
    private static final long MAX_BYTES = 64L << 20;

    private record Early(AVPacket packet, long arrivalMicros) {
    }

    private final Deque<Early> packets = new ArrayDeque<>();
    private double fps;
    private IOException failure;
    private boolean ended;

    private EarlyPackets() {
    }

    /** An empty queue: nothing read ahead. */
    static EarlyPackets none() {
        return new EarlyPackets();
    }

    /** Reads packets from {@code input} until their arrival rate is known, or cannot be. */
    static EarlyPackets measure(FFmpegInput input) {
        EarlyPackets early = new EarlyPackets();
        ArrivalRate rate = new ArrivalRate(System.nanoTime());
        long bytes = 0;
        while (!rate.done(System.nanoTime()) && bytes < MAX_BYTES) {
            AVPacket packet = avcodec.av_packet_alloc();
            try {
                if (!input.read(packet)) {
                    early.ended = true;
                    avcodec.av_packet_free(packet);
                    break;
                }
            } catch (IOException e) {
                early.failure = e;
                avcodec.av_packet_free(packet);
                break;
            }
            rate.arrived(System.nanoTime());
            bytes += packet.size();
            early.packets.add(new Early(packet, CaptureClock.nowMicros()));
        }
        early.fps = rate.fps();
        return early;
    }

    /** The measured rate, or 0 when none could be measured. */
    double fps() {
        return fps;
    }

    boolean isEmpty() {
        return packets.isEmpty();
    }

    /**
     * Moves the oldest packet read ahead into {@code packet}.
     *
     * @return its arrival time in epoch microseconds
     */
    long takeInto(AVPacket packet) {
        Early oldest = packets.remove();
        avcodec.av_packet_move_ref(packet, oldest.packet());
        avcodec.av_packet_free(oldest.packet());
        return oldest.arrivalMicros();
    }

    /** After the packets: whether the input ended while reading ahead. */
    boolean ended() {
        return ended;
    }

    /** After the packets: the failure met while reading ahead, once; null if none. */
    IOException takeFailure() {
        IOException kept = failure;
        failure = null;
        return kept;
    }

    @Override
    public void close() {
        while (!packets.isEmpty()) {
            avcodec.av_packet_free(packets.remove().packet());
        }
    }
}
