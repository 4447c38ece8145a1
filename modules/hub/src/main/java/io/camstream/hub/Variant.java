package io.camstream.hub;

import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameScaler;
import java.util.Locale;
import java.util.Objects;

/**
 * One way of watching a camera, as a subscriber asks for it. Subscribers who want the same
 * variant share one encode of each frame.
 *
 * @param encoder the encoder plugin's name
 * @param options its quality and colour mode
 * @param maxWidth downscale to fit this width (aspect kept, never upscaled); 0 for no limit
 * @param maxHeight the same for height
 */
public record Variant(String encoder, EncoderOptions options, int maxWidth, int maxHeight) {

    public Variant {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(options, "options");
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("max width and height must not be negative");
        }
    }

    public Variant(String encoder, EncoderOptions options) {
        this(encoder, options, 0, 0);
    }

    /** Exactly what this variant makes of a frame of that size. */
    Rendition renditionOf(int width, int height) {
        int[] size = FrameScaler.fit(width, height, maxWidth, maxHeight);
        return new Rendition(encoder, options, size[0], size[1]);
    }

    @Override
    public String toString() {
        return encoder + " q" + options.quality() + " " + options.color().name().toLowerCase(Locale.ROOT)
                + (maxWidth == 0 && maxHeight == 0 ? "" : " max " + maxWidth + "x" + maxHeight);
    }
}
