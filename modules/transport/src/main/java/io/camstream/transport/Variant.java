package io.camstream.transport;

import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameScaler;
import java.util.Locale;
import java.util.Objects;

/**
 * One way of encoding a camera's frames. Subscribers who want the same variant share one encode
 * of each frame.
 *
 * @param encoder the encoder plugin's name
 * @param options its quality and colour mode
 * @param maxWidth downscale to fit this width (aspect kept, never upscaled); 0 for no limit
 * @param maxHeight the same for height
 */
record Variant(String encoder, EncoderOptions options, int maxWidth, int maxHeight) {

    Variant {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(options, "options");
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("max width and height must not be negative");
        }
    }

    Variant(String encoder, EncoderOptions options) {
        this(encoder, options, 0, 0);
    }

    /** The output size for a frame of this size. */
    int[] outputSize(int width, int height) {
        return FrameScaler.fit(width, height, maxWidth, maxHeight);
    }

    /** The same variant at another quality and size limit (a step down when adapting to a size limit). */
    Variant adaptedTo(int quality, int width, int height) {
        return new Variant(encoder, new EncoderOptions(quality, options.color()), width, height);
    }

    @Override
    public String toString() {
        return encoder + " q" + options.quality() + " " + options.color().name().toLowerCase(Locale.ROOT)
                + (maxWidth == 0 && maxHeight == 0 ? "" : " max " + maxWidth + "x" + maxHeight);
    }
}
