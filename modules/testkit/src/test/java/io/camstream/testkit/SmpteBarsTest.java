package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.PixelFormat;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bars are recognised in colour and in gray, and a flat picture or swapped channels are not taken for them. */
class SmpteBarsTest {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;
    /** The top two thirds' seven bars, as red, green, blue. */
    private static final int[][] BARS_RGB = {
        {255, 255, 255}, {255, 255, 0}, {0, 255, 255}, {0, 255, 0}, {255, 0, 255}, {255, 0, 0}, {0, 0, 255},
    };

    @Test
    void recognisesTheBarsInColourAndInGray() {
        assertEquals(List.of(), SmpteBars.differences(WIDTH, HEIGHT, PixelFormat.BGR24, bars(false)));
        assertEquals(List.of(), SmpteBars.differences(WIDTH, HEIGHT, PixelFormat.GRAY8, gray(bars(false))));
    }

    @Test
    void aVideoRangePictureReadAsFullRangeStillShowsTheBars() {
        byte[] pixels = bars(false);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (16 + (pixels[i] & 0xFF) * 219 / 255);
        }
        assertEquals(List.of(), SmpteBars.differences(WIDTH, HEIGHT, PixelFormat.BGR24, pixels));
    }

    @Test
    void aFlatPictureOrSwappedChannelsAreNotTheBars() {
        byte[] flat = new byte[WIDTH * HEIGHT * 3];
        Arrays.fill(flat, (byte) 40);
        assertEquals(7, SmpteBars.differences(WIDTH, HEIGHT, PixelFormat.BGR24, flat).size());
        List<String> swapped = SmpteBars.differences(WIDTH, HEIGHT, PixelFormat.BGR24, bars(true));
        assertEquals(4, swapped.size(), "yellow, cyan, red and blue trade places: " + swapped);
        assertTrue(swapped.get(0).startsWith("yellow bar at (137,160): expected [0, 255, 255], got [255, 255, 0]"),
                swapped.toString());
    }

    @Test
    void aPictureTooSmallForItsSizeIsSaidToBe() {
        assertEquals(List.of("only 10 bytes for 640x480"),
                SmpteBars.differences(WIDTH, HEIGHT, PixelFormat.BGR24, new byte[10]));
    }

    /** Packed BGR24 bars (RGB24 when {@code swapped}) across the whole picture. */
    private static byte[] bars(boolean swapped) {
        byte[] pixels = new byte[WIDTH * HEIGHT * 3];
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int[] rgb = BARS_RGB[x * 7 / WIDTH];
                int offset = (y * WIDTH + x) * 3;
                pixels[offset] = (byte) (swapped ? rgb[0] : rgb[2]);
                pixels[offset + 1] = (byte) rgb[1];
                pixels[offset + 2] = (byte) (swapped ? rgb[2] : rgb[0]);
            }
        }
        return pixels;
    }

    private static byte[] gray(byte[] bgr) {
        byte[] gray = new byte[bgr.length / 3];
        for (int i = 0; i < gray.length; i++) {
            gray[i] = (byte) Math.round(0.114 * (bgr[3 * i] & 0xFF) + 0.587 * (bgr[3 * i + 1] & 0xFF)
                    + 0.299 * (bgr[3 * i + 2] & 0xFF));
        }
        return gray;
    }
}
