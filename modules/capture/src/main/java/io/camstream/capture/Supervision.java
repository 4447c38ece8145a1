package io.camstream.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SupervisedSource} watches and restarts its source.
 *
 * @param grabTimeout how long one grab may block before the source counts as hung (never less than
 *     three frame periods of the source)
 * @param openTimeout how long opening may take before the attempt counts as failed
 * @param initialBackoff wait before the first reopen; it doubles after every failed attempt
 * @param maxBackoff the cap on that wait
 * @param placeholderFps how often "NO SIGNAL" frames are sent while the source is down
 */
public record Supervision(Duration grabTimeout, Duration openTimeout, Duration initialBackoff, Duration maxBackoff,
        double placeholderFps) {

    public Supervision {
        Objects.requireNonNull(grabTimeout, "grabTimeout");
        Objects.requireNonNull(openTimeout, "openTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (grabTimeout.isNegative() || grabTimeout.isZero() || openTimeout.isNegative() || openTimeout.isZero()) {
            throw new IllegalArgumentException("supervision timeouts must be positive");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("supervision backoff must be positive and max >= initial, got "
                    + initialBackoff + " and " + maxBackoff);
        }
        if (!(placeholderFps > 0 && placeholderFps <= 30)) {
            throw new IllegalArgumentException("placeholder fps must be in (0, 30], got " + placeholderFps);
        }
    }

    /**
     * A grab may hang 5 s, opening 20 s (network sources have their own shorter timeouts); reopen
     * after 0.5 s, doubling up to 15 s; 2 "NO SIGNAL" frames per second meanwhile.
     */
    public static Supervision defaults() {
        return new Supervision(Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofMillis(500),
                Duration.ofSeconds(15), 2);
    }
}
