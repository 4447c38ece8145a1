package io.camstream.capture.javacv;

import java.util.concurrent.TimeUnit;

/**
 * A live stream's real frame rate, measured from when its frames arrive: what an MJPEG camera
 * over HTTP really sends, where FFmpeg only knows an assumed 25 per second, or a stream that
 * claims no rate at all.
 *
 * <p>The first frames arrive in a burst (FFmpeg buffered them while it probed the stream), so
 * the measurement starts at the first frame that had to be waited for, and counts the frames of
 * about a second from there. A stream that only ever bursts (a finite one served all at once)
 * has no measurable rate.
 */
final class ArrivalRate {

    /** Frames closer together than this were waiting in a buffer, not sent one by one. */
    static final long BACKLOG_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long to count frames once they arrive at their own pace. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest the measurement may hold the stream's start back, for very slow streams. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Intervals needed for a rate at all. */
    private static final int MIN_INTERVALS = 2;

    private final long startNanos;
    private long lastNanos;
    private long steadySinceNanos = -1;
    private int steadyIntervals;

    /** @param startNanos {@link System#nanoTime()} just before the first frame is asked for */
    ArrivalRate(long startNanos) {
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** Notes a frame that arrived at {@code nanos} ({@link System#nanoTime()}). */
    void arrived(long nanos) {
        if (steadySinceNanos >= 0) {
            steadyIntervals++;
        } else if (nanos - lastNanos > BACKLOG_GAP_NANOS) {
            steadySinceNanos = nanos;
        }
        lastNanos = nanos;
    }

    /** Whether enough has been seen at {@code nowNanos}: a second of steady frames, or the time limit. */
    boolean done(long nowNanos) {
        boolean counted = steadySinceNanos >= 0 && lastNanos - steadySinceNanos >= WINDOW_NANOS
                && steadyIntervals >= MIN_INTERVALS;
        return counted || nowNanos - startNanos >= LIMIT_NANOS;
    }

    /**
     * Frames per second, or 0 when it could not be measured. Within 2% of a whole number it is that
     * number: cameras run at 15 or 30 (or 29.97), and a start-up line saying 14.93 would only confuse.
     */
    double fps() {
        if (steadySinceNanos < 0 || steadyIntervals < MIN_INTERVALS || lastNanos == steadySinceNanos) {
            return 0;
        }
        double fps = steadyIntervals * (double) TimeUnit.SECONDS.toNanos(1) / (lastNanos - steadySinceNanos);
        double whole = Math.rint(fps);
        return whole > 0 && Math.abs(fps - whole) <= 0.02 * whole ? whole : fps;
    }
}
