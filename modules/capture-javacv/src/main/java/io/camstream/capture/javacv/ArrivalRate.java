package io.camstream.capture.javacv;

import java.util.ArrayList;
import java.util.Arrays;
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
    /** Long enough for a first estimate, which a server's start-up can wait for. */
    static final long FIRST_ESTIMATE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    /** The longest the measurement may hold the stream's start back, for very slow streams. */
    static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(3);
    /** Intervals to count when they come in time: one late frame among ten moves the rate by a few percent. */
    private static final int ENOUGH_INTERVALS = 10;
    /** Frames after which two arriving together are the sender's batching, no longer the backlog. */
    private static final int SETTLED = 3;
    /** Intervals for a first estimate: enough for a camera as slow as 8 fps within its half second. */
    private static final int ESTIMATE_INTERVALS = 4;
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
        return counted(ENOUGH_INTERVALS, WINDOW_NANOS) || nowNanos - startNanos >= LIMIT_NANOS;
    }

    /**
     * Whether a first estimate is there at {@code nowNanos}: half a second and four intervals of
     * frames at their own pace, or the time limit. {@link #fps()} improves until {@link #done}.
     */
    boolean estimated(long nowNanos) {
        return counted(ESTIMATE_INTERVALS, FIRST_ESTIMATE_NANOS) || nowNanos - startNanos >= LIMIT_NANOS;
    }

    private boolean counted(int intervals, long spanNanos) {
        return steady.size() - 1 >= intervals && lastNanos - steady.get(0) >= spanNanos;
    }

    /**
     * Frames per second, or 0 when it could not be measured: the median of the slopes between every
     * two frames' arrivals (Theil and Sen's line), so that a frame held up by a busy machine, or a
     * sender batching frames in pairs, hardly moves it. Within 2% of a whole number it is that
     * number: cameras run at 15 or 30 (or 29.97), and a start-up line saying 14.93 would only confuse.
     */
    double fps() {
        int count = steady.size();
        if (count - 1 < MIN_INTERVALS) {
            return 0;
        }
        double[] slopes = new double[count * (count - 1) / 2];
        int next = 0;
        for (int i = 0; i < count; i++) {
            for (int j = i + 1; j < count; j++) {
                slopes[next++] = (steady.get(j) - steady.get(i)) / (double) (j - i);
            }
        }
        Arrays.sort(slopes);
        double nanosPerFrame = slopes.length % 2 == 1 ? slopes[slopes.length / 2]
                : (slopes[slopes.length / 2 - 1] + slopes[slopes.length / 2]) / 2;
        if (!(nanosPerFrame > 0)) {
            return 0;
        }
        double fps = TimeUnit.SECONDS.toNanos(1) / nanosPerFrame;
        double whole = Math.rint(fps);
        return whole > 0 && Math.abs(fps - whole) <= 0.02 * whole ? whole : fps;
    }
}
