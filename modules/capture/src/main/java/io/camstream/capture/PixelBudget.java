package io.camstream.capture;

import java.util.Locale;

/**
 * The most pixels one picture may have. Receivers check it from a picture's header before they
 * allocate its pixels, so a few hundred bytes of JPEG claiming 20000x20000 (a decompression bomb)
 * cost nothing; cameras check it on every frame a source delivers.
 *
 * @param maxPixels width times height, at most {@value #MAX_ALLOWED} (a BGR frame's bytes must fit a Java array)
 */
public record PixelBudget(long maxPixels) {

    /** The largest budget a frame can have at all: three bytes per pixel in one array. */
    public static final long MAX_ALLOWED = Integer.MAX_VALUE / 3;

    /**
     * 8192x8192, 67.1 Mpx: 8K UHD (7680x4320, 33.2 Mpx) and 8K DCI (8192x4320) fit with room to spare,
     * while one such BGR frame (201 MB) stays within what a server's heap can hold a few of. A bomb
     * past it costs a header's parse, not the ~1.2 GB a 20000x20000 picture would.
     */
    public static final PixelBudget DEFAULT = new PixelBudget(8192L * 8192);

    public PixelBudget {
        if (maxPixels < 1 || maxPixels > MAX_ALLOWED) {
            throw new IllegalArgumentException("max pixels must be in 1.." + MAX_ALLOWED + ", got " + maxPixels);
        }
    }

    /** Whether a picture of that size fits. */
    public boolean allows(long width, long height) {
        return width * height <= maxPixels;
    }

    /**
     * Refuses a picture larger than the budget.
     *
     * @throws PictureTooLargeException when {@code width x height} exceeds it
     */
    public void check(int width, int height) throws PictureTooLargeException {
        if (!allows(width, height)) {
            throw new PictureTooLargeException(width, height, this);
        }
    }

    /** In megapixels, as cameras are sold: "67.1 Mpx". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f Mpx", maxPixels / 1e6);
    }
}
