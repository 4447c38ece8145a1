package io.camstream.testkit;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.JpegDecoder;
import java.io.IOException;
import java.util.Optional;

/**
 * A decoded picture as packed 8-bit pixels, in the same layouts as {@link Frame}.
 *
 * @param width pixels per row
 * @param height rows
 * @param format GRAY8 for one channel, BGR24 for colour
 * @param pixels packed rows
 */
public record Picture(int width, int height, PixelFormat format, byte[] pixels) {

    /**
     * Decodes a JPEG (or any ImageIO format) into packed pixels, with camstream's own decoder.
     *
     * @throws IllegalArgumentException when the bytes are not a picture ImageIO can read
     */
    public static Picture decode(byte[] encoded) {
        Frame frame;
        try {
            frame = JpegDecoder.decode(encoded, 1, 0, false, false);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot decode these " + encoded.length + " bytes: " + e.getMessage(), e);
        }
        return new Picture(frame.width(), frame.height(), frame.format(), frame.pixels());
    }

    /** The frame stamp in this picture, if it has a readable one. */
    public Optional<FrameStamp.Reading> stamp() {
        return FrameStamp.read(pixels, width, height, format);
    }

    /** Channels per pixel: 1 for gray, 3 for colour. */
    public int channels() {
        return format.channels();
    }

    /**
     * Peak signal-to-noise ratio of this picture against a reference of the same size, in dB
     * (infinite when identical). A colour reference is compared by its luminance when this picture
     * is gray.
     */
    public double psnr(Frame reference) {
        if (reference.width() != width || reference.height() != height) {
            throw new IllegalArgumentException("sizes differ: " + width + "x" + height + " vs "
                    + reference.width() + "x" + reference.height());
        }
        if (reference.format() != format && format != PixelFormat.GRAY8) {
            throw new IllegalArgumentException("cannot compare a colour picture with a gray frame");
        }
        byte[] expected = reference.format() == format ? reference.pixels() : luminance(reference);
        double squaredError = 0;
        for (int i = 0; i < pixels.length; i++) {
            int difference = (pixels[i] & 0xFF) - (expected[i] & 0xFF);
            squaredError += difference * difference;
        }
        double mse = squaredError / pixels.length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
    }

    /** BT.601 luminance of a BGR frame, computed independently of the code under test. */
    private static byte[] luminance(Frame frame) {
        byte[] bgr = frame.pixels();
        byte[] gray = new byte[frame.width() * frame.height()];
        for (int p = 0; p < gray.length; p++) {
            double y = 0.114 * (bgr[3 * p] & 0xFF) + 0.587 * (bgr[3 * p + 1] & 0xFF) + 0.299 * (bgr[3 * p + 2] & 0xFF);
            gray[p] = (byte) Math.round(y);
        }
        return gray;
    }
}
