package io.camstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.Jpeg;
import io.camstream.capture.PictureTooLargeException;
import io.camstream.capture.PixelBudget;
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

    @Test
    void aBombIsRefusedFromItsHeader() throws IOException {
        byte[] bomb = claiming(jpeg(BufferedImage.TYPE_3BYTE_BGR, 0x808080), 20000, 20000);

        PictureTooLargeException e = assertThrows(PictureTooLargeException.class, () -> JpegDecoder.decode(
                new ByteArrayInputStream(bomb), PixelBudget.DEFAULT, 1, 0, false, false));

        // Allocation is measured where the bomb arrives for real, in the hub's CameraTest.
        assertEquals("a picture of 20000x20000 exceeds the limit of 67.1 Mpx", e.getMessage());
        assertEquals(20000, e.width());
        assertThrows(PictureTooLargeException.class, () -> JpegDecoder.decode(bomb, 1, 0, false, false),
                "the default budget applies to every decode");
    }

    @Test
    void aPictureWithinTheBudgetDecodesAndOneJustPastItDoesNot() throws IOException {
        byte[] jpeg = jpeg(BufferedImage.TYPE_BYTE_GRAY, 50);

        assertEquals(32, JpegDecoder.decode(new ByteArrayInputStream(jpeg), new PixelBudget(32 * 16), 1, 0, false,
                false).width());
        assertThrows(PictureTooLargeException.class, () -> JpegDecoder.decode(new ByteArrayInputStream(jpeg),
                new PixelBudget(32 * 16 - 1), 1, 0, false, false));
    }

    @Test
    void aJpegFrameDecodesToThePixelsItsHeaderDeclaredOnlyWhenAsked() throws IOException {
        Jpeg colour = Jpeg.parse(jpeg(BufferedImage.TYPE_3BYTE_BGR, 0xC04020));
        Frame frame = Frame.ofJpeg(5, 0, colour, JpegDecoder::pixels);
        assertFalse(frame.hasPixels(), "nothing decoded by making the frame");
        assertArrayEquals(JpegDecoder.decode(colour.bytes(), 1, 0, false, false).pixels(), frame.pixels());
        assertEquals(PixelFormat.GRAY8, Frame.ofJpeg(1, 0, Jpeg.parse(jpeg(BufferedImage.TYPE_BYTE_GRAY, 9)),
                JpegDecoder::pixels).format());

        // A header claiming a smaller picture than its data holds gets what it claimed, never more.
        assertEquals(16 * 8 * 3, JpegDecoder.pixels(Jpeg.parse(claiming(colour.bytes(), 16, 8))).length);
    }

    /** The JPEG with its header (SOF0) claiming another size; its data stays that of the small picture. */
    private static byte[] claiming(byte[] jpeg, int width, int height) {
        byte[] bomb = jpeg.clone();
        for (int i = 2; i + 8 < bomb.length; i++) {
            if ((bomb[i] & 0xFF) == 0xFF && (bomb[i + 1] & 0xFF) == 0xC0) {
                bomb[i + 5] = (byte) (height >> 8);
                bomb[i + 6] = (byte) height;
                bomb[i + 7] = (byte) (width >> 8);
                bomb[i + 8] = (byte) width;
                return bomb;
            }
        }
        throw new AssertionError("no SOF0 marker");
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
