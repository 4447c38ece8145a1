package io.camstream.capture;

import java.io.IOException;
import java.util.Objects;

/**
 * A JPEG picture as a source received it (an MJPEG camera's frame, a published frame), with the size
 * and layout its frame header declares. Only the header is read: a source hands its JPEGs over as
 * they are ({@link Frame#ofJpeg}), so that viewers who want exactly that picture get these bytes
 * unchanged, and the pixels are decoded only if someone needs them.
 *
 * <p>Only what viewers can be expected to decode is accepted: 8-bit baseline, extended or progressive
 * Huffman JPEGs of one (gray) or three (colour) components. The bytes are shared, never copied:
 * whoever makes one must not write to the array again.
 */
public final class Jpeg {

    /** Turns a JPEG into pixels when someone needs them. */
    @FunctionalInterface
    public interface Decoder {
        /**
         * The picture's pixels in {@link Jpeg#format()}, {@code width * height * channels} bytes, rows
         * top to bottom. Called at most once per frame, from whichever thread needs the pixels first,
         * so it must be safe to call from any thread (several frames may be decoded at once).
         *
         * @throws IOException when the picture cannot be decoded
         */
        byte[] pixels(Jpeg jpeg) throws IOException;
    }

    private static final int SOI = 0xD8;
    private static final int SOS = 0xDA;

    private final byte[] bytes;
    private final int width;
    private final int height;
    private final PixelFormat format;

    private Jpeg(byte[] bytes, int width, int height, PixelFormat format) {
        this.bytes = bytes;
        this.width = width;
        this.height = height;
        this.format = format;
    }

    /**
     * Reads the frame header (the SOF marker) of a JPEG; nothing else is parsed or decoded, so this
     * costs the same for a 20000x20000 bomb as for a thumbnail: check the size against a
     * {@link PixelBudget} before decoding.
     *
     * @param bytes the whole JPEG, from its SOI marker; kept, not copied
     * @throws IOException when the bytes are not a JPEG, or not one of the kinds accepted (saying why)
     */
    public static Jpeg parse(byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < 4 || (bytes[0] & 0xFF) != 0xFF || (bytes[1] & 0xFF) != SOI) {
            throw new IOException("not a JPEG: it does not start with the SOI marker (" + bytes.length + " bytes)");
        }
        int i = 2;
        while (i + 3 < bytes.length) {
            if ((bytes[i] & 0xFF) != 0xFF) {
                throw new IOException("not a JPEG: no marker at byte " + i);
            }
            int marker = bytes[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte before a marker
                i++;
                continue;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD7) { // markers without a segment
                i += 2;
                continue;
            }
            int length = (bytes[i + 2] & 0xFF) << 8 | bytes[i + 3] & 0xFF;
            if (length < 2) {
                throw new IOException("not a JPEG: a segment of length " + length + " at byte " + i);
            }
            // SOF0..SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
            if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                return frameHeader(bytes, i, marker, length);
            }
            if (marker == SOS) {
                break;
            }
            i += 2 + length;
        }
        throw new IOException("not a JPEG: no frame header (SOF marker) before the picture data");
    }

    private static Jpeg frameHeader(byte[] bytes, int at, int marker, int length) throws IOException {
        // Baseline, extended sequential and progressive Huffman: what browsers, OpenCV and ImageIO all decode.
        if (marker > 0xC2) {
            throw new IOException("unsupported JPEG: process SOF" + (marker - 0xC0) + " (only baseline, extended"
                    + " and progressive Huffman JPEGs are accepted)");
        }
        if (length < 8 || at + 2 + length > bytes.length) {
            throw new IOException("not a JPEG: its frame header is cut short");
        }
        int precision = bytes[at + 4] & 0xFF;
        int height = (bytes[at + 5] & 0xFF) << 8 | bytes[at + 6] & 0xFF;
        int width = (bytes[at + 7] & 0xFF) << 8 | bytes[at + 8] & 0xFF;
        int components = bytes[at + 9] & 0xFF;
        if (precision != 8) {
            throw new IOException("unsupported JPEG: " + precision + " bits per sample (only 8 are accepted)");
        }
        if (width == 0 || height == 0) {
            throw new IOException("unsupported JPEG: its frame header gives no size (" + width + "x" + height + ")");
        }
        PixelFormat format = switch (components) {
            case 1 -> PixelFormat.GRAY8;
            case 3 -> PixelFormat.BGR24;
            default -> throw new IOException("unsupported JPEG: " + components
                    + " components (only gray, 1, and colour, 3, are accepted)");
        };
        return new Jpeg(bytes, width, height, format);
    }

    /** The whole JPEG; shared, so never to be modified. */
    public byte[] bytes() {
        return bytes;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** What it decodes to: {@link PixelFormat#GRAY8} for a gray JPEG, {@link PixelFormat#BGR24} for colour. */
    public PixelFormat format() {
        return format;
    }

    @Override
    public String toString() {
        return "Jpeg[" + width + "x" + height + " " + format + ", " + bytes.length + " bytes]";
    }
}
