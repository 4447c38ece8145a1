package io.camstream.encode.opencv;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Joins baseline JPEGs of horizontal strips of one picture into one JPEG of the whole picture,
 * without decoding anything: the first strip's headers with the full height in SOF, a DRI segment
 * whose restart interval is one strip's MCU count, then each strip's entropy-coded data, separated
 * by RST0..RST7 in turn. This decodes to exactly the pixels of a single-pass encode because a
 * restart resets the DC predictors to 0, which is what each strip's own scan started from, and
 * every block is transformed and quantized on its own. It only holds when the strips share their
 * quantization and Huffman tables (libjpeg's defaults, not optimized ones), which is checked here,
 * and when every strip but the last is a whole number of MCU rows of the same height.
 */
final class JpegStrips {

    private static final int MARKER = 0xFF;
    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int DRI = 0xDD;
    private static final int RST0 = 0xD0;
    private static final int SOF0 = 0xC0;
    private static final int SOF1 = 0xC1;
    private static final int MAX_RESTART_INTERVAL = 0xFFFF;

    private JpegStrips() {
    }

    /** Where one strip's parts are: header [0, sos), SOS segment [sos, data), entropy data [data, eoi). */
    record Strip(byte[] jpeg, int sof, int sos, int data, int eoi, int width, int height, int mcuWidth,
            int mcuHeight) {

        /** Reads the layout of a baseline JPEG as libjpeg writes it: one scan, no restart markers. */
        static Strip parse(byte[] jpeg) {
            if (jpeg.length < 4 || u8(jpeg, 0) != MARKER || u8(jpeg, 1) != SOI) {
                throw new IllegalArgumentException("not a JPEG: no SOI marker");
            }
            if (u8(jpeg, jpeg.length - 2) != MARKER || u8(jpeg, jpeg.length - 1) != EOI) {
                throw new IllegalArgumentException("not a whole JPEG: it does not end with EOI");
            }
            int sof = -1;
            int position = 2;
            while (position + 4 <= jpeg.length) {
                if (u8(jpeg, position) != MARKER) {
                    throw new IllegalArgumentException("no marker at byte " + position);
                }
                int marker = u8(jpeg, position + 1);
                if (marker == MARKER) { // fill byte before a marker
                    position++;
                    continue;
                }
                int end = position + 2 + u16(jpeg, position + 2);
                if (marker == SOF0 || marker == SOF1) {
                    sof = position;
                } else if (marker >= 0xC2 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    throw new IllegalArgumentException("not a baseline JPEG: SOF marker 0x"
                            + Integer.toHexString(marker));
                } else if (marker == DRI) {
                    throw new IllegalArgumentException("the strip already has restart markers");
                } else if (marker == SOS) {
                    if (sof < 0) {
                        throw new IllegalArgumentException("SOS before SOF");
                    }
                    return withFrame(jpeg, sof, position, end);
                }
                position = end;
            }
            throw new IllegalArgumentException("no SOS marker");
        }

        private static Strip withFrame(byte[] jpeg, int sof, int sos, int data) {
            int height = u16(jpeg, sof + 5);
            int width = u16(jpeg, sof + 7);
            int components = u8(jpeg, sof + 9);
            if (u8(jpeg, sos + 4) != components) {
                throw new IllegalArgumentException("the scan does not hold every component: not one interleaved scan");
            }
            int maxH = 1;
            int maxV = 1;
            for (int c = 0; c < components; c++) {
                int sampling = u8(jpeg, sof + 11 + 3 * c);
                maxH = Math.max(maxH, sampling >> 4);
                maxV = Math.max(maxV, sampling & 0xF);
            }
            // A single-component scan is not interleaved: its MCU is one 8x8 block whatever the factors.
            int mcuWidth = components == 1 ? 8 : 8 * maxH;
            int mcuHeight = components == 1 ? 8 : 8 * maxV;
            return new Strip(jpeg, sof, sos, data, jpeg.length - 2, width, height, mcuWidth, mcuHeight);
        }

        int mcusPerRow() {
            return (width + mcuWidth - 1) / mcuWidth;
        }

        /** Same bytes from SOI to the end of SOS, but for SOF's height: same tables, sampling and width. */
        boolean sameHeadersAs(Strip other) {
            int height = sof + 5;
            return sos == other.sos && data == other.data && sof == other.sof
                    && Arrays.equals(jpeg, 0, height, other.jpeg, 0, height)
                    && Arrays.equals(jpeg, height + 2, data, other.jpeg, height + 2, data);
        }
    }

    /**
     * The strips (top to bottom) as one JPEG, or empty when their headers differ (other tables), so
     * that the caller encodes the picture in one pass instead.
     *
     * @throws IllegalArgumentException when a strip is not a baseline JPEG, or the strips do not cut
     *     the picture at MCU rows (every strip but the last one MCU-row multiple of the same height)
     */
    static Optional<byte[]> join(List<byte[]> jpegs) {
        if (jpegs.isEmpty()) {
            throw new IllegalArgumentException("no strips");
        }
        Strip[] strips = jpegs.stream().map(Strip::parse).toArray(Strip[]::new);
        Strip first = strips[0];
        if (strips.length == 1) {
            return Optional.of(first.jpeg());
        }
        int fullHeight = 0;
        int size = first.sos() + 6 + (first.data() - first.sos()) + 2;
        for (int i = 0; i < strips.length; i++) {
            Strip strip = strips[i];
            if (!strip.sameHeadersAs(first)) {
                return Optional.empty();
            }
            boolean last = i == strips.length - 1;
            if (!last && (strip.height() != first.height() || strip.height() % first.mcuHeight() != 0)) {
                throw new IllegalArgumentException("strip " + i + " is " + strip.height() + " rows high, not "
                        + first.height() + " rows, a multiple of the MCU height " + first.mcuHeight());
            }
            if (last && strip.height() > first.height()) {
                throw new IllegalArgumentException("the last strip is higher than the others");
            }
            fullHeight += strip.height();
            size += strip.eoi() - strip.data() + (i > 0 ? 2 : 0);
        }
        long interval = (long) first.mcusPerRow() * (first.height() / first.mcuHeight());
        if (interval > MAX_RESTART_INTERVAL || fullHeight > 0xFFFF) {
            throw new IllegalArgumentException("a strip of " + interval + " MCUs (or a picture " + fullHeight
                    + " rows high) is more than a JPEG can say: use lower strips");
        }
        byte[] joined = new byte[size];
        byte[] header = first.jpeg();
        System.arraycopy(header, 0, joined, 0, first.sos());
        joined[first.sof() + 5] = (byte) (fullHeight >> 8);
        joined[first.sof() + 6] = (byte) fullHeight;
        int at = first.sos();
        byte[] dri = {(byte) MARKER, (byte) DRI, 0, 4, (byte) (interval >> 8), (byte) interval};
        System.arraycopy(dri, 0, joined, at, dri.length);
        at += dri.length;
        System.arraycopy(header, first.sos(), joined, at, first.data() - first.sos());
        at += first.data() - first.sos();
        for (int i = 0; i < strips.length; i++) {
            Strip strip = strips[i];
            if (i > 0) {
                joined[at++] = (byte) MARKER;
                joined[at++] = (byte) (RST0 + (i - 1) % 8);
            }
            // Each scan's data ends byte-aligned, padded with 1 bits: what a restart marker needs before it.
            System.arraycopy(strip.jpeg(), strip.data(), joined, at, strip.eoi() - strip.data());
            at += strip.eoi() - strip.data();
        }
        joined[at++] = (byte) MARKER;
        joined[at++] = (byte) EOI;
        if (at != size) {
            throw new IllegalStateException("joined " + at + " bytes, expected " + size);
        }
        return Optional.of(joined);
    }

    private static int u8(byte[] bytes, int at) {
        return bytes[at] & 0xFF;
    }

    private static int u16(byte[] bytes, int at) {
        return (u8(bytes, at) << 8) | u8(bytes, at + 1);
    }
}
