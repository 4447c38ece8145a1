package io.camstream.capture.javacv;

import java.util.concurrent.TimeUnit;

/**
 * Releases frames of recorded media on a fixed schedule at its frame rate, as a camera would. A
 * caller that falls behind gets the next frame at once and the schedule restarts from there,
 * rather than bursting to catch up.
 */
final class FramePacer {

    private final long periodNanos;
    private long nextDueNanos;
    private boolean started;

    FramePacer(double fps) {
        this.periodNanos = Math.round(TimeUnit.SECONDS.toNanos(1) / fps);
    }

    void awaitNext() throws InterruptedException {
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
