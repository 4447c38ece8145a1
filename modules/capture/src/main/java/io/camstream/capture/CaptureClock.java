package io.camstream.capture;

import java.time.Clock;
import java.time.Instant;

/** camstream's wall-clock unit: microseconds since the epoch, as frames carry their capture time. */
public final class CaptureClock {

    private CaptureClock() {
    }

    /** Now, by that clock, in microseconds since the epoch. */
    public static long nowMicros(Clock clock) {
        return epochMicros(clock.instant());
    }

    /** Now, by the system clock, in microseconds since the epoch. */
    public static long nowMicros() {
        return epochMicros(Instant.now());
    }

    /** An instant in microseconds since the epoch (sub-microsecond digits dropped). */
    public static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }
}
