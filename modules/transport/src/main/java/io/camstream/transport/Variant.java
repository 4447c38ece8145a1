package io.camstream.transport;

import io.camstream.encode.EncoderOptions;
import java.util.Objects;

/**
 * One way of encoding the camera's frames. Subscribers who want the same variant share one encode
 * of each frame.
 *
 * @param encoder the encoder plugin's name
 * @param options its quality and colour mode
 */
record Variant(String encoder, EncoderOptions options) {

    Variant {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(options, "options");
    }

    @Override
    public String toString() {
        return encoder + " q" + options.quality() + " " + options.color().name().toLowerCase(java.util.Locale.ROOT);
    }
}
