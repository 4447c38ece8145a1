package io.camstream.encode;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;

/**
 * BGR to luminance with OpenCV's fixed-point weights (ITU-R BT.601, 14 fractional bits), so every
 * encoder turns the same frame into the same gray picture.
 */
public final class Grayscale {

    private static final int SHIFT = 14;
    private static final int BLUE = 1868;
    private static final int GREEN = 9617;
    private static final int RED = 4899;
    private static final int ROUND = 1 << (SHIFT - 1);

    private Grayscale() {
    }

    /**
     * The frame's luminance: its own pixels when it is already gray, else {@code into} (reused when
     * it has the right size, which keeps steady-state encoding free of large allocations).
     */
    public static byte[] luma(Frame frame, byte[] into) {
        if (frame.format() == PixelFormat.GRAY8) {
            return frame.pixels();
        }
        int pixels = frame.width() * frame.height();
        byte[] gray = into != null && into.length == pixels ? into : new byte[pixels];
        fromBgr(frame.pixels(), gray, pixels);
        return gray;
    }

    /** Converts {@code pixels} BGR pixels into one luminance byte each. */
    public static void fromBgr(byte[] bgr, byte[] gray, int pixels) {
        for (int p = 0, i = 0; p < pixels; p++, i += 3) {
            int b = bgr[i] & 0xFF;
            int g = bgr[i + 1] & 0xFF;
            int r = bgr[i + 2] & 0xFF;
            gray[p] = (byte) ((b * BLUE + g * GREEN + r * RED + ROUND) >> SHIFT);
        }
    }
}
