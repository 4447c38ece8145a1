package io.camstream.transport;

import io.camstream.capture.Frame;
import io.camstream.encode.JpegDecoder;
import io.camstream.protocol.v1.VideoFrame;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Encoded frames arriving from the network (a publisher, or the server a relay watches), handed to a
 * hub's capture thread one at a time. Only the newest waiting frame is kept, so a sender faster than
 * the hub costs nothing but the replaced frames; decoding happens on the capture thread, once per
 * frame actually used. The sender's sequence numbers and capture times are kept, so latency and
 * loss stay measurable end to end through relays; a sender that restarts its numbering is
 * continued from the last number instead, so numbers never go back.
 */
final class IncomingFrames {

    private VideoFrame waiting;
    private long received;
    private long replaced;
    private long lastSequence;
    private boolean closed;

    /** A frame arrived; it replaces any frame still waiting. */
    synchronized void offer(VideoFrame frame) {
        received++;
        if (waiting != null) {
            replaced++;
        }
        waiting = frame;
        notifyAll();
    }

    synchronized long received() {
        return received;
    }

    synchronized long replaced() {
        return replaced;
    }

    /**
     * Waits for the next frame and decodes it.
     *
     * @throws IOException when closed, when nothing arrives within the timeout, or when a frame cannot be decoded
     */
    Frame take(long timeout, TimeUnit unit, String what) throws IOException, InterruptedException {
        VideoFrame next;
        long sequence;
        synchronized (this) {
            long deadline = System.nanoTime() + unit.toNanos(timeout);
            while (waiting == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no frame from " + what + " for " + unit.toSeconds(timeout) + " s");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (closed) {
                throw new IOException(what + " is closed");
            }
            next = waiting;
            waiting = null;
            sequence = next.getSequence() > lastSequence ? next.getSequence() : lastSequence + 1;
            lastSequence = sequence;
        }
        long micros = WireTime.epochMicros(next.getCaptureTime());
        try {
            // The sender's stamp stays true only if its number was kept.
            return JpegDecoder.decode(next.getData().toByteArray(), sequence, micros, next.getNoSignal(),
                    next.getStamped() && sequence == next.getSequence());
        } catch (IOException e) {
            throw new IOException("frame " + next.getSequence() + " from " + what + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
