package io.camstream.hub;

/** A viewer's {@code max_fps}, kept the same way however it watches (gRPC, HTTP). One per viewer; not thread-safe. */
public final class RateLimit {

    private final long intervalMicros;
    private long nextDueMicros = Long.MIN_VALUE;

    /** @param maxFps frames per second at most; 0 for no limit */
    public RateLimit(double maxFps) {
        this.intervalMicros = maxFps > 0 ? (long) (1e6 / maxFps) : 0;
    }

    /**
     * Keeps to the maximum rate on a schedule, not by spacing each frame from the last: a 30 fps camera
     * watched at max 20 fps then delivers two frames of every three, not one of two. A quarter interval
     * of slack absorbs capture jitter; after a stall the schedule restarts rather than bursting.
     */
    public boolean accepts(CapturedFrame frame) {
        if (intervalMicros == 0) {
            return true;
        }
        long capture = frame.frame().captureEpochMicros();
        boolean first = nextDueMicros == Long.MIN_VALUE;
        if (!first && capture < nextDueMicros - intervalMicros / 4) {
            return false;
        }
        nextDueMicros = first || capture - nextDueMicros > intervalMicros
                ? capture + intervalMicros
                : nextDueMicros + intervalMicros;
        return true;
    }
}
