package io.camstream.capture.javacv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live stream's real frame rate, measured from when its frames arrive: what an MJPEG camera
 * over HTTP really sends, where FFmpeg only knows an assumed 25 per second, or a stream that
 * claims no rate at all.
 *
 * <p>The first frames arrive in a burst (FFmpeg buffered them while it probed the stream), so
 * the measurement starts at the first frame that had to be waited for, and takes the frames of
 * about a second from there. A stream that only ever bursts (a finite one served all at once)
 * has no measurable rate.
 */
final class ArrivalRate {

    /** Frames closer together than this were waiting in a buffer, not sent one by one. */
    static final long BACKLOG_GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    /** How long to count frames once they arrive at their own pace, at least. */
    static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The longest the measurement may hold the stream's start back, for very slow streams. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Intervals to count when they come in time: one late frame among ten moves the rate by a few percent. */
    private static final int ENOUGH_INTERVALS = 10;
    /** Frames after which two arriving together are the sender's batching, no longer the backlog. */
    private static final int SETTLED = 3;
    /** Intervals needed for a rate at all. */
    private static final int MIN_INTERVALS = 2;

    private final long startNanos;
    private long lastNanos;
    private final List<Long> steady = new ArrayList<>();

    /** @param startNanos {@link System#nanoTime()} just before the first frame is asked for */
    ArrivalRate(long startNanos) {
        this.startNanos = startNanos;
        this.lastNanos = startNanos;
    }

    /** Notes a frame that arrived at {@code nanos} ({@link System#nanoTime()}). */
    void arrived(long nanos) {
        boolean waited = nanos - lastNanos > BACKLOG_GAP_NANOS;
        if (!waited && steady.size() < SETTLED) {
            // Still the backlog: a pause between two buffered frames (a GC, say) is no pace.
            steady.clear();
        } else if (waited || !steady.isEmpty()) {
            steady.add(nanos);
        }
        lastNanos = nanos;
    }

    /**
     * Whether enough has been seen at {@code nowNanos}: a second and ten intervals of frames
     * arriving at their own pace, or the time limit.
     */
    boolean done(long nowNanos) {
        int intervals = steady.size() - 1;
        boolean counted = intervals >= ENOUGH_INTERVALS && lastNanos - steady.get(0) >= WINDOW_NANOS;
        return counted || nowNanos - startNanos >= LIMIT_NANOS;
    }

    /**
     * Frames per second, or 0 when it could not be measured: the slope of a least-squares line
     * through the arrival times, so that one late frame hardly moves it. Within 2% of a whole
     * number it is that number: cameras run at 15 or 30 (or 29.97), and a start-up line saying
     * 14.93 would only confuse.
     */
    double fps() {
        int count = steady.size();
        if (count - 1 < MIN_INTERVALS) {
            return 0;
        }
        double meanIndex = (count - 1) / 2.0;
        double meanTime = 0;
        for (long time : steady) {
            meanTime += (time - steady.get(0)) / (double) count;
        }
        double covariance = 0;
        double variance = 0;
        for (int i = 0; i < count; i++) {
            double index = i - meanIndex;
            covariance += index * ((steady.get(i) - steady.get(0)) - meanTime);
            variance += index * index;
        }
        double nanosPerFrame = covariance / variance;
        if (!(nanosPerFrame > 0)) {
            return 0;
        }
        double fps = TimeUnit.SECONDS.toNanos(1) / nanosPerFrame;
        double whole = Math.rint(fps);
        return whole > 0 && Math.abs(fps - whole) <= 0.02 * whole ? whole : fps;
    }
}
