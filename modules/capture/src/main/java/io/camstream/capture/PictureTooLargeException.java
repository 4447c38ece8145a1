package io.camstream.capture;

import java.io.IOException;

/** A picture larger than its {@link PixelBudget}, refused before its pixels were allocated. */
public final class PictureTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int width;
    private final int height;
    private final long maxPixels;

    public PictureTooLargeException(int width, int height, PixelBudget budget) {
        super("a picture of " + width + "x" + height + " exceeds the limit of " + budget);
        this.width = width;
        this.height = height;
        this.maxPixels = budget.maxPixels();
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelBudget budget() {
        return new PixelBudget(maxPixels);
    }
}
