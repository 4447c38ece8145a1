package io.camstream.encode;

import java.util.Objects;

/**
 * How to encode: the settings a subscriber may choose.
 *
 * @param quality JPEG quality from 1 (smallest) to 100 (best)
 * @param color grayscale or colour output
 */
public record EncoderOptions(int quality, ColorMode color) {

    /** OpenCV's {@code imencode} default, which the original sample used. */
    public static final int DEFAULT_QUALITY = 95;

    public EncoderOptions {
        Objects.requireNonNull(color, "color");
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be between 1 and 100, got " + quality);
        }
    }

    /** Grayscale at the default quality: what the original sample sends. */
    public static EncoderOptions defaults() {
        return new EncoderOptions(DEFAULT_QUALITY, ColorMode.GRAY);
    }
}
