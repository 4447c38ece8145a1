package io.camstream.transport;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;

/** Conversions between camstream's microsecond clock values and protobuf's time messages. */
public final class WireTime {

    private WireTime() {
    }

    /** A capture time in microseconds since the epoch, as a protobuf {@link Timestamp}. */
    public static Timestamp timestamp(long epochMicros) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochMicros, 1_000_000L))
                .setNanos((int) Math.floorMod(epochMicros, 1_000_000L) * 1000)
                .build();
    }

    /** Microseconds since the epoch of a protobuf {@link Timestamp}. */
    public static long epochMicros(Timestamp timestamp) {
        return timestamp.getSeconds() * 1_000_000L + timestamp.getNanos() / 1000;
    }

    /** Microseconds since the epoch of an instant (clients time arrivals with it). */
    public static long epochMicros(java.time.Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    /** A duration in nanoseconds as a protobuf {@link Duration}. */
    public static Duration duration(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
    }
}
