package io.camstream.capture;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Writes a frame's sequence number and capture time into its pixels, and reads them back.
 *
 * <p>The stamp is a grid of 4 rows by 32 black (1) or white (0) square cells in the top-left corner,
 * on a white margin one cell wide: row 0 holds the low 32 bits of the sequence, rows 1 and 2 the
 * capture time in epoch milliseconds, row 3 a CRC-32 of the other rows. Cells are at least 4 pixels
 * wide ({@code width / 64} at larger sizes) and read back by averaging their centre, so the stamp
 * survives JPEG at quality 50 and above, grayscale or colour. That lets a client check order,
 * freshness and glass-to-glass latency from the picture itself, not only from metadata.
 */
public final class FrameStamp {

    /** Smallest frame a stamp fits in. */
    public static final int MIN_WIDTH = 160;
    public static final int MIN_HEIGHT = 120;

    private static final int COLUMNS = 32;
    private static final int ROWS = 4;

    /** What a stamp says. */
    public record Reading(long sequenceLow32, long captureEpochMillis) {

        /** Whether this reading matches a frame's metadata (the stamp keeps 32 bits of sequence). */
        public boolean matches(long sequence, long captureEpochMicros) {
            return sequenceLow32 == (sequence & 0xFFFF_FFFFL)
                    && captureEpochMillis == Math.floorDiv(captureEpochMicros, 1000);
        }
    }

    private FrameStamp() {
    }

    /** Side of one cell, in pixels, for frames of this width. */
    public static int cellSize(int width) {
        return Math.max(4, width / 64);
    }

    /** Width and height of the stamp including its white margin. */
    public static int stampWidth(int width) {
        return (COLUMNS + 2) * cellSize(width);
    }

    public static int stampHeight(int width) {
        return (ROWS + 2) * cellSize(width);
    }

    /** Draws the stamp for this sequence number and capture time into a frame's pixels. */
    public static void draw(byte[] pixels, int width, int height, PixelFormat format, long sequence,
            long captureEpochMicros) {
        requireFits(width, height);
        int cell = cellSize(width);
        int channels = format.channels();
        fill(pixels, width, channels, 0, 0, stampWidth(width), stampHeight(width), (byte) 0xFF);
        long[] rows = payload(sequence, Math.floorDiv(captureEpochMicros, 1000));
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                if (bit(rows[row], column)) {
                    fill(pixels, width, channels, (column + 1) * cell, (row + 1) * cell, cell, cell, (byte) 0);
                }
            }
        }
    }

    /** Reads the stamp of a frame; empty when there is none or it is damaged (checksum mismatch). */
    public static Optional<Reading> read(Frame frame) {
        return read(frame.pixels(), frame.width(), frame.height(), frame.format());
    }

    /** Reads the stamp from raw pixels, e.g. a decoded JPEG. */
    public static Optional<Reading> read(byte[] pixels, int width, int height, PixelFormat format) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            return Optional.empty();
        }
        int cell = cellSize(width);
        int channels = format.channels();
        long[] rows = new long[ROWS];
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                int mean = centreMean(pixels, width, channels, (column + 1) * cell, (row + 1) * cell, cell);
                if (mean < 128) {
                    rows[row] |= 1L << (COLUMNS - 1 - column);
                }
            }
        }
        long sequenceLow32 = rows[0];
        long millis = (rows[1] << 32) | rows[2];
        if (rows[3] != crc(sequenceLow32, millis)) {
            return Optional.empty();
        }
        return Optional.of(new Reading(sequenceLow32, millis));
    }

    private static long[] payload(long sequence, long millis) {
        long sequenceLow32 = sequence & 0xFFFF_FFFFL;
        return new long[] {sequenceLow32, millis >>> 32, millis & 0xFFFF_FFFFL, crc(sequenceLow32, millis)};
    }

    private static long crc(long sequenceLow32, long millis) {
        CRC32 crc = new CRC32();
        crc.update(ByteBuffer.allocate(12).putInt((int) sequenceLow32).putLong(millis).flip());
        return crc.getValue();
    }

    private static boolean bit(long row, int column) {
        return ((row >>> (COLUMNS - 1 - column)) & 1) != 0;
    }

    private static void requireFits(int width, int height) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("a frame stamp needs at least " + MIN_WIDTH + "x" + MIN_HEIGHT
                    + " pixels, got " + width + "x" + height);
        }
    }

    private static void fill(byte[] pixels, int width, int channels, int x, int y, int w, int h, byte value) {
        for (int row = y; row < y + h; row++) {
            int start = (row * width + x) * channels;
            java.util.Arrays.fill(pixels, start, start + w * channels, value);
        }
    }

    /** Mean of the central half of a cell, where JPEG ringing from the cell's edges is weakest. */
    private static int centreMean(byte[] pixels, int width, int channels, int x, int y, int cell) {
        int from = cell / 4;
        int to = cell - cell / 4;
        long sum = 0;
        int count = 0;
        for (int row = y + from; row < y + to; row++) {
            int offset = ((row * width) + x + from) * channels;
            for (int i = 0; i < (to - from) * channels; i++) {
                sum += pixels[offset + i] & 0xFF;
                count++;
            }
        }
        return (int) (sum / count);
    }
}
