package io.camstream.capture;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Frames pushed from elsewhere (a publisher, or the server a relay watches), taken by a source's
 * grabbing thread one at a time. Only the newest waiting frame is kept, so a sender faster than the
 * taker costs nothing but the replaced frames; each frame arrives still encoded and is read by the
 * taker, once per frame actually used, within the inbox's {@link PixelBudget} (a JPEG need not be
 * decoded then: see {@link Frame#ofJpeg}). Sequence numbers
 * are the sender's: a supervising {@link SupervisedSource} keeps them while they increase sanely.
 */
public final class FrameInbox {

    /** A frame as it arrived, decoded only when taken. */
    @FunctionalInterface
    public interface Pending {
        /**
         * Makes the frame, checking its size against {@code budget} before allocating its pixels
         * (which a frame made {@link Frame#ofJpeg of a JPEG} decodes only when they are needed).
         *
         * @throws PictureTooLargeException when the picture is larger than the budget
         * @throws IOException when it cannot be decoded
         */
        Frame decode(PixelBudget budget) throws IOException;
    }

    private final PixelBudget budget;
    private Pending waiting;
    private String failure;
    private long received;
    private long replaced;
    private boolean closed;

    /** An empty inbox, open, taking pictures up to {@link PixelBudget#DEFAULT}. */
    public FrameInbox() {
        this(PixelBudget.DEFAULT);
    }

    /** An empty inbox, open, taking pictures up to {@code budget}. */
    public FrameInbox(PixelBudget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
    }

    /** A frame arrived; it replaces any frame still waiting, and any failure not yet reported (the sender is back). */
    public synchronized void offer(Pending frame) {
        received++;
        failure = null;
        if (waiting != null) {
            replaced++;
        }
        waiting = frame;
        notifyAll();
    }

    /** The sender is gone: the next {@link #take} fails with this reason (unless a frame is still waiting). */
    public synchronized void fail(String reason) {
        failure = reason;
        notifyAll();
    }

    public synchronized long received() {
        return received;
    }

    public synchronized long replaced() {
        return replaced;
    }

    /**
     * Waits for the next frame and decodes it.
     *
     * @param from names the sender in error messages
     * @throws PictureTooLargeException when the frame is larger than the budget (nothing was allocated)
     * @throws IOException when closed, when the sender failed, when nothing arrives within the
     *     timeout, or when the frame cannot be decoded
     */
    public Frame take(Duration timeout, String from) throws IOException, InterruptedException {
        Pending next;
        synchronized (this) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (waiting == null && failure == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("no frame from " + from + " for " + timeout.toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (closed) {
                throw new IOException(from + " is closed");
            }
            if (waiting == null) {
                String reason = failure;
                failure = null;
                throw new IOException(from + ": " + reason);
            }
            next = waiting;
            waiting = null;
        }
        try {
            return next.decode(budget);
        } catch (PictureTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException("a frame from " + from + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
