package io.camstream.capture.spi;

import java.util.Objects;

/**
 * Whether a plugin (a kind of source, or an encoder) can run on this machine, and if not, why.
 *
 * @param available true when the plugin can work here ({@link SourceProvider#open},
 *     {@code EncoderProvider.create})
 * @param reason why not (empty when available), e.g. which native library failed to load
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
    }

    public static Availability yes() {
        return new Availability(true, "");
    }

    public static Availability no(String reason) {
        return new Availability(false, reason);
    }
}
