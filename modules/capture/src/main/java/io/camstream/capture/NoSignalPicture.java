package io.camstream.capture;

import java.util.Arrays;
import java.util.Map;

/**
 * The picture subscribers see while their source is down: "NO SIGNAL" in large white letters on
 * dark grey, with the frame's {@link FrameStamp} so that clients can still check order and
 * freshness. Drawn from a built-in 5x7 pixel font, because this module must stay free of
 * {@code java.desktop} (AWT) and natives.
 */
final class NoSignalPicture {

    private static final String TEXT = "NO SIGNAL";
    private static final int GLYPH_WIDTH = 5;
    private static final int GLYPH_HEIGHT = 7;
    private static final byte BACKGROUND = 40;
    private static final byte INK = (byte) 0xF0;

    private static final Map<Character, int[]> GLYPHS = Map.of(
            'N', new int[] {0b10001, 0b11001, 0b10101, 0b10011, 0b10001, 0b10001, 0b10001},
            'O', new int[] {0b01110, 0b10001, 0b10001, 0b10001, 0b10001, 0b10001, 0b01110},
            'S', new int[] {0b01111, 0b10000, 0b10000, 0b01110, 0b00001, 0b00001, 0b11110},
            'I', new int[] {0b01110, 0b00100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110},
            'G', new int[] {0b01111, 0b10000, 0b10000, 0b10011, 0b10001, 0b10001, 0b01111},
            'A', new int[] {0b01110, 0b10001, 0b10001, 0b11111, 0b10001, 0b10001, 0b10001},
            'L', new int[] {0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b10000, 0b11111},
            ' ', new int[] {0, 0, 0, 0, 0, 0, 0});

    private final int width;
    private final int height;
    private final PixelFormat format;
    private final byte[] base;

    NoSignalPicture(int width, int height, PixelFormat format) {
        this.width = width;
        this.height = height;
        this.format = format;
        this.base = new byte[format.frameBytes(width, height)];
        Arrays.fill(base, BACKGROUND);
        drawText();
    }

    boolean fits(int width, int height, PixelFormat format) {
        return this.width == width && this.height == height && this.format == format;
    }

    /** A placeholder frame with this sequence number and capture time. */
    Frame frame(long sequence, long captureEpochMicros) {
        byte[] pixels = base.clone();
        if (width >= FrameStamp.MIN_WIDTH && height >= FrameStamp.MIN_HEIGHT) {
            FrameStamp.draw(pixels, width, height, format, sequence, captureEpochMicros);
        }
        return new Frame(sequence, captureEpochMicros, width, height, format, pixels, true, true);
    }

    private void drawText() {
        int columns = TEXT.length() * (GLYPH_WIDTH + 1) - 1;
        // About two thirds of the width, so it reads at a glance even on a thumbnail.
        int scale = Math.max(1, Math.min(width * 2 / 3 / columns, height / 3 / GLYPH_HEIGHT));
        int left = Math.max(0, (width - columns * scale) / 2);
        int top = Math.max(0, (height - GLYPH_HEIGHT * scale) / 2);
        for (int i = 0; i < TEXT.length(); i++) {
            int[] glyph = GLYPHS.get(TEXT.charAt(i));
            int glyphLeft = left + i * (GLYPH_WIDTH + 1) * scale;
            for (int row = 0; row < GLYPH_HEIGHT; row++) {
                for (int column = 0; column < GLYPH_WIDTH; column++) {
                    if ((glyph[row] >>> (GLYPH_WIDTH - 1 - column) & 1) != 0) {
                        fill(glyphLeft + column * scale, top + row * scale, scale);
                    }
                }
            }
        }
    }

    private void fill(int x, int y, int side) {
        int channels = format.channels();
        for (int row = y; row < Math.min(y + side, height); row++) {
            int from = (row * width + x) * channels;
            int to = (row * width + Math.min(x + side, width)) * channels;
            Arrays.fill(base, from, to, INK);
        }
    }
}
