package io.camstream.capture;

import java.util.concurrent.TimeUnit;

/**
 * Paces a source to its frame rate on a fixed schedule, not by sleeping a period after each frame
 * (which would drift by the time each grab takes). A caller that falls more than a period behind
 * gets the next frame at once and the schedule restarts from there, rather than bursting to catch up.
 * One thread uses it.
 */
public final class FramePacer {

    private final long periodNanos;
    private long nextDueNanos;
    private boolean started;

    /** @throws IllegalArgumentException unless {@code fps} is positive */
    public FramePacer(double fps) {
        if (!(fps > 0)) {
            throw new IllegalArgumentException("fps must be positive, got " + fps);
        }
        this.periodNanos = Math.round(TimeUnit.SECONDS.toNanos(1) / fps);
    }

    /** Sleeps until the next frame is due. */
    public void awaitNext() throws InterruptedException {
        long now = System.nanoTime();
        if (!started || now - nextDueNanos > periodNanos) {
            nextDueNanos = now;
            started = true;
        }
        long wait = nextDueNanos - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        nextDueNanos += periodNanos;
    }
}
