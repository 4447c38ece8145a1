package io.camstream.testkit;

import io.camstream.capture.PixelFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Recognises SMPTE colour bars, GStreamer {@code videotestsrc}'s default picture (what
 * {@link RtspTestServer} serves): across the top two thirds, seven bars at full scale (its
 * {@code smpte} pattern is the 100% one), white, yellow, cyan, green, magenta, red, blue. A picture
 * that went through a codec, a scaler and a colour conversion still shows them, while a wrong size,
 * swapped channels, a garbled decode or a NO SIGNAL picture does not.
 */
public final class SmpteBars {

    /** The bars as blue, green, red (BGR24 order). */
    private static final int[][] BARS_BGR = {
        {255, 255, 255}, {0, 255, 255}, {255, 255, 0}, {0, 255, 0}, {255, 0, 255}, {0, 0, 255}, {255, 0, 0},
    };
    private static final String[] NAMES = {"white", "yellow", "cyan", "green", "magenta", "red", "blue"};
    /**
     * Per channel: lossy codecs and colour conversions shift the bars by a few levels, and a video-range
     * picture read as full range (RTP/JPEG does not say which it is) by up to 20 at either end.
     */
    private static final int TOLERANCE = 48;

    private SmpteBars() {
    }

    /**
     * How this picture differs from the colour bars (the mean of a patch at each bar's centre): an
     * empty list when it shows them. A gray picture is compared by the bars' luminance.
     */
    public static List<String> differences(int width, int height, PixelFormat format, byte[] pixels) {
        int channels = format.channels();
        if (pixels.length < width * height * channels) {
            return List.of("only " + pixels.length + " bytes for " + width + "x" + height);
        }
        List<String> differences = new ArrayList<>();
        int y = height / 3;
        for (int bar = 0; bar < BARS_BGR.length; bar++) {
            int x = (2 * bar + 1) * width / 14;
            int[] expected = channels == 1 ? new int[] {luminance(BARS_BGR[bar])} : BARS_BGR[bar];
            int[] seen = patchMean(pixels, width, channels, x, y);
            for (int channel = 0; channel < channels; channel++) {
                if (Math.abs(seen[channel] - expected[channel]) > TOLERANCE) {
                    differences.add(String.format(Locale.ROOT, "%s bar at (%d,%d): expected %s, got %s",
                            NAMES[bar], x, y, Arrays.toString(expected), Arrays.toString(seen)));
                    break;
                }
            }
        }
        return differences;
    }

    /** {@link #differences} of a decoded picture. */
    public static List<String> differences(Picture picture) {
        return differences(picture.width(), picture.height(), picture.format(), picture.pixels());
    }

    private static int[] patchMean(byte[] pixels, int width, int channels, int centreX, int centreY) {
        int[] sums = new int[channels];
        int count = 0;
        for (int y = centreY - 4; y <= centreY + 4; y++) {
            for (int x = centreX - 4; x <= centreX + 4; x++) {
                int offset = (y * width + x) * channels;
                for (int channel = 0; channel < channels; channel++) {
                    sums[channel] += pixels[offset + channel] & 0xFF;
                }
                count++;
            }
        }
        for (int channel = 0; channel < channels; channel++) {
            sums[channel] /= count;
        }
        return sums;
    }

    private static int luminance(int[] bgr) {
        return (int) Math.round(0.114 * bgr[0] + 0.587 * bgr[1] + 0.299 * bgr[2]);
    }
}
