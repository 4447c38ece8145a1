package io.camstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class JpegDecoderTest {

    @Test
    void aGrayJpegBecomesGray8WithItsPixels() throws IOException {
        byte[] jpeg = jpeg(BufferedImage.TYPE_BYTE_GRAY, 128);

        Frame frame = JpegDecoder.decode(new ByteArrayInputStream(jpeg), 7, 123, true, true);

        assertEquals(PixelFormat.GRAY8, frame.format());
        assertEquals(32, frame.width());
        assertEquals(16, frame.height());
        assertEquals(7, frame.sequence());
        assertEquals(123, frame.captureEpochMicros());
        assertTrue(frame.placeholder() && frame.stamped());
        for (byte pixel : frame.pixels()) {
            assertEquals(128, pixel & 0xFF, 2.0, "a flat gray survives JPEG within rounding");
        }
    }

    @Test
    void aStreamAndAnArrayOfTheSameColourJpegDecodeAlike() throws IOException {
        byte[] jpeg = jpeg(BufferedImage.TYPE_3BYTE_BGR, 0xC04020);

        Frame fromStream = JpegDecoder.decode(new ByteArrayInputStream(jpeg), 1, 0, false, false);
        Frame fromArray = JpegDecoder.decode(jpeg, 1, 0, false, false);

        assertEquals(PixelFormat.BGR24, fromStream.format());
        assertArrayEquals(fromArray.pixels(), fromStream.pixels());
        // BGR order: blue first.
        assertEquals(0x20, fromStream.pixels()[0] & 0xFF, 4.0);
        assertEquals(0xC0, fromStream.pixels()[2] & 0xFF, 4.0);
    }

    @Test
    void garbageIsRejectedAndTheCallersStreamIsLeftOpen() {
        boolean[] closed = {false};
        var in = new FilterInputStream(new ByteArrayInputStream(new byte[] {1, 2, 3})) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        };

        IOException fromStream = assertThrows(IOException.class, () -> JpegDecoder.decode(in, 1, 0, false, false));
        IOException fromArray = assertThrows(IOException.class,
                () -> JpegDecoder.decode(new byte[] {1, 2, 3}, 1, 0, false, false));

        assertEquals("not a picture ImageIO can read", fromStream.getMessage());
        assertEquals("not a picture ImageIO can read (3 bytes)", fromArray.getMessage());
        assertFalse(closed[0], "the caller owns the stream");
    }

    /** A flat 32x16 JPEG: gray level {@code value}, or the colour {@code value} as 0xRRGGBB. */
    private static byte[] jpeg(int type, int value) throws IOException {
        BufferedImage image = new BufferedImage(32, 16, type);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                if (type == BufferedImage.TYPE_BYTE_GRAY) {
                    // Sample by sample: setRGB would convert through the linear gray colour space.
                    image.getRaster().setSample(x, y, 0, value);
                } else {
                    image.setRGB(x, y, value);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, "jpg", out), "the JDK writes JPEGs");
        return out.toByteArray();
    }
}
