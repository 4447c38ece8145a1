package io.camstream.hub;

import io.camstream.encode.EncoderOptions;
import java.util.Locale;
import java.util.Objects;

/**
 * One way of watching a camera, as a subscriber asks for it. Subscribers who want the same
 * variant share one encode of each frame.
 *
 * <p>Sizes snap to a ladder: a frame is served at its own size or halved as often as it takes to fit
 * within the max size (1, ½, ¼, ⅛, ... of each side, aspect kept, never upscaled), so a 1920x1080
 * camera asked for at most 1280x720 serves 960x540. However many different sizes subscribers ask
 * for, a camera makes at most about log2 of its larger side of them (12 for 1080p): 30 subscribers
 * asking 30 different thumbnail sizes cost a handful of encodes per frame, not 30. Each step is
 * downscaled from the one above it, so all of them together read the frame's pixels about once.
 *
 * <p>A frame a source received as a JPEG is sent as it is, neither decoded nor encoded again
 * ("passthrough"), to a variant that {@code acceptsSourceJpeg} when that JPEG already is what the
 * variant makes of it: the same colour mode (a colour JPEG for colour, a gray one for gray) and the
 * same size (the ladder's first step: no max size, or one the frame fits). Such a variant leaves the
 * encoder and the quality to the server ({@link Hub#variant} with no encoder and quality 0): a
 * subscriber who names either gets it, encoded.
 *
 * @param encoder the encoder plugin's name
 * @param options its quality and colour mode
 * @param maxWidth downscale to fit this width (see the ladder above); 0 for no limit
 * @param maxHeight the same for height
 * @param acceptsSourceJpeg whether a source's JPEG that matches may be sent instead of an encode
 */
public record Variant(String encoder, EncoderOptions options, int maxWidth, int maxHeight, boolean acceptsSourceJpeg) {

    public Variant {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(options, "options");
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("max width and height must not be negative");
        }
    }

    /** Encoded with that encoder and options at that max size, always (never a source's JPEG). */
    public Variant(String encoder, EncoderOptions options, int maxWidth, int maxHeight) {
        this(encoder, options, maxWidth, maxHeight, false);
    }

    /** Encoded with that encoder and options at the frame's size, always (never a source's JPEG). */
    public Variant(String encoder, EncoderOptions options) {
        this(encoder, options, 0, 0, false);
    }

    /** Exactly what this variant makes of a frame of that size: the largest step of the ladder that fits. */
    Rendition renditionOf(int width, int height) {
        int times = 0;
        while (!fits(halved(width, times), halved(height, times))
                && (halved(width, times) > 1 || halved(height, times) > 1)) {
            times++;
        }
        return new Rendition(encoder, options, halved(width, times), halved(height, times));
    }

    /** One side of a ladder step: halved {@code times} times, never below one pixel. */
    static int halved(int side, int times) {
        return Math.max(1, side >> times);
    }

    private boolean fits(int width, int height) {
        return (maxWidth == 0 || width <= maxWidth) && (maxHeight == 0 || height <= maxHeight);
    }

    @Override
    public String toString() {
        return encoder + " q" + options.quality() + " " + options.color().name().toLowerCase(Locale.ROOT)
                + (maxWidth == 0 && maxHeight == 0 ? "" : " max " + maxWidth + "x" + maxHeight)
                + (acceptsSourceJpeg ? " or the source's JPEG" : "");
    }
}
