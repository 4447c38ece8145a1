package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.Jpeg;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.JpegDecoder;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.testkit.Picture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frame received as a JPEG goes as it is to the variants it already is, and is decoded, once, only
 * for those that need pixels: on the hub alone, with the real ImageIO encoder and decoder.
 */
@Timeout(60)
class PassthroughTest {

    private static final int FOUR_MIB = 4 * 1024 * 1024;

    private static Hub.Builder hub() {
        return Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).publishedCamera("edge");
    }

    @Test
    void aColourViewerAskingNothingGetsTheSourcesBytesAndNothingIsDecoded() throws Exception {
        try (Hub hub = hub().build()) {
            Camera camera = hub.camera("edge");
            Received received = received(640, 480, ColorMode.COLOR, 90);
            for (Variant variant : List.of(hub.variant("", 0, ColorMode.COLOR, 0, 0),
                    hub.variant(null, 0, ColorMode.COLOR, 640, 480), hub.variant("", 0, ColorMode.COLOR, 4000, 0))) {
                FittedFrame fitted = camera.encode(received.captured, variant, FOUR_MIB);
                assertSame(received.jpeg, fitted.encoded().data(), "the very bytes, for " + variant);
                assertFalse(fitted.adapted());
                assertTrue(fitted.encoded().isPassthrough());
                assertEquals("passthrough", fitted.encoded().encoder());
                assertEquals(0, fitted.encoded().quality(), "its quality is not known");
                assertEquals(0, fitted.encoded().encodeStartMicros(), "nothing was encoded: no encode times");
                assertEquals(0, fitted.encoded().encodeEndMicros());
                assertEquals(640, fitted.encoded().image().width());
                assertEquals(ColorMode.COLOR, fitted.encoded().image().color());
                assertTrue(fitted.encoded().frame().stamped());
            }
            assertEquals(0, camera.decodeCount());
            assertEquals(0, camera.encodeCount());
            assertFalse(received.captured.frame().hasPixels());
        }
    }

    @Test
    void grayAndSmallerViewersGetDecodedPicturesFromOneDecodeAndTheirStampsStillRead() throws Exception {
        try (Hub hub = hub().build()) {
            Camera camera = hub.camera("edge");
            Received received = received(640, 480, ColorMode.COLOR, 90);
            Variant gray = hub.variant("", 0, ColorMode.GRAY, 0, 0);
            Variant small = hub.variant("", 0, ColorMode.COLOR, 320, 0);
            Variant passthrough = hub.variant("", 0, ColorMode.COLOR, 0, 0);

            Picture grayPicture = Picture.decode(camera.encode(received.captured, gray, FOUR_MIB).encoded().data());
            FittedFrame smallFitted = camera.encode(received.captured, small, FOUR_MIB);
            Picture smallPicture = Picture.decode(smallFitted.encoded().data());
            byte[] passed = camera.encode(received.captured, passthrough, FOUR_MIB).encoded().data();

            assertEquals(1, camera.decodeCount(), "one decode for the gray and the smaller viewer");
            assertTrue(smallFitted.encoded().encodeStartMicros() >= received.micros, "encoded after capture");
            assertTrue(smallFitted.encoded().encodeEndMicros() >= smallFitted.encoded().encodeStartMicros());
            assertEquals(2, camera.encodeCount());
            assertSame(received.jpeg, passed, "a colour viewer still gets the source's bytes beside them");
            assertEquals(PixelFormat.GRAY8, grayPicture.format());
            assertEquals(640, grayPicture.width());
            assertTrue(grayPicture.stamp().orElseThrow().matches(received.captured.sequence(), received.micros),
                    "the gray picture is the received one, decoded");
            assertEquals(320, smallPicture.width());
            assertEquals(240, smallPicture.height());
            assertEquals("imageio", smallFitted.encoded().encoder());
            assertTrue(smallPicture.stamp().orElseThrow().matches(received.captured.sequence(), received.micros));
            assertTrue(grayPicture.psnr(received.original) > 30, "PSNR " + grayPicture.psnr(received.original));
        }
    }

    @Test
    void aViewerNamingAQualityOrAnEncoderGetsItEncoded() throws Exception {
        try (Hub hub = hub().build()) {
            Camera camera = hub.camera("edge");
            Received received = received(320, 240, ColorMode.COLOR, 90);
            for (Variant named : List.of(hub.variant("", 90, ColorMode.COLOR, 0, 0),
                    hub.variant("", EncoderOptions.DEFAULT_QUALITY, ColorMode.COLOR, 0, 0),
                    hub.variant("imageio", 0, ColorMode.COLOR, 0, 0))) {
                FittedFrame fitted = camera.encode(received.captured, named, FOUR_MIB);
                assertEquals("imageio", fitted.encoded().encoder(), named.toString());
                assertNotEquals(0, fitted.encoded().quality());
            }
            assertEquals(1, camera.decodeCount());
        }
        try (Hub off = hub().passthrough(false).build()) {
            Received received = received(320, 240, ColorMode.COLOR, 90);
            FittedFrame fitted = off.camera("edge").encode(received.captured, off.defaultVariant(), FOUR_MIB);
            assertEquals("imageio", fitted.encoded().encoder(), "a hub without passthrough encodes everything");
        }
    }

    @Test
    void aGrayJpegGoesAsItIsToGrayViewersAndIsDecodedForColourOnes() throws Exception {
        try (Hub hub = hub().build()) {
            Camera camera = hub.camera("edge");
            Received received = received(320, 240, ColorMode.GRAY, 80);
            FittedFrame gray = camera.encode(received.captured, hub.variant("", 0, ColorMode.GRAY, 0, 0), FOUR_MIB);
            assertSame(received.jpeg, gray.encoded().data());
            assertEquals(ColorMode.GRAY, gray.encoded().image().color());
            assertEquals(0, camera.decodeCount());
            FittedFrame colour = camera.encode(received.captured, hub.variant("", 0, ColorMode.COLOR, 0, 0),
                    FOUR_MIB);
            assertEquals("imageio", colour.encoded().encoder());
            assertEquals(1, camera.decodeCount());
        }
    }

    @Test
    void aJpegLargerThanTheViewersLimitIsEncodedSmallerAndSaysSo() throws Exception {
        try (Hub hub = hub().build()) {
            Camera camera = hub.camera("edge");
            Received received = received(640, 480, ColorMode.COLOR, 100);
            Variant colour = hub.variant("", 0, ColorMode.COLOR, 0, 0);
            int limit = received.jpeg.length - 1;

            FittedFrame fitted = camera.encode(received.captured, colour, limit);
            assertTrue(fitted.adapted(), "not what it would have been: the source's JPEG");
            assertEquals("imageio", fitted.encoded().encoder());
            assertTrue(fitted.encoded().size() <= limit, fitted.encoded().size() + " > " + limit);
            Picture picture = Picture.decode(fitted.encoded().data());
            assertTrue(picture.stamp().orElseThrow().matches(received.captured.sequence(), received.micros));
            assertSame(received.jpeg, camera.encode(received.captured, colour, FOUR_MIB).encoded().data(),
                    "a viewer with room still gets the source's bytes");
            assertEquals(1, camera.decodeCount());
        }
    }

    @Test
    void aJpegWhoseDataIsBrokenReachesPassthroughViewersAsItIsAndTheOthersAsNoSignal() throws Exception {
        try (Hub hub = hub().build()) {
            Camera camera = hub.camera("edge");
            byte[] jpeg = withoutQuantizationTables(received(320, 240, ColorMode.COLOR, 90).jpeg);
            CapturedFrame broken = CapturedFrame.of(Frame.ofJpeg(5, 77, Jpeg.parse(jpeg), JpegDecoder::pixels));

            assertSame(jpeg, camera.encode(broken, hub.variant("", 0, ColorMode.COLOR, 0, 0), FOUR_MIB)
                    .encoded().data());
            FittedFrame gray = camera.encode(broken, hub.variant("", 0, ColorMode.GRAY, 0, 0), FOUR_MIB);
            assertTrue(gray.encoded().frame().placeholder(), "NO SIGNAL in its place");
            assertTrue(Picture.decode(gray.encoded().data()).stamp().orElseThrow().matches(5, 77));
            camera.encode(broken, hub.variant("", 0, ColorMode.COLOR, 160, 0), FOUR_MIB);
            assertEquals(1, camera.decodeCount(), "tried once");
        }
    }

    /** The JPEG without its DQT segments: the header reads, the data cannot be decoded. */
    private static byte[] withoutQuantizationTables(byte[] jpeg) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int i = 2;
        while ((jpeg[i + 1] & 0xFF) != 0xDA) {
            int length = (jpeg[i + 2] & 0xFF) << 8 | jpeg[i + 3] & 0xFF;
            if ((jpeg[i + 1] & 0xFF) != 0xDB) {
                out.write(jpeg, i, 2 + length);
            }
            i += 2 + length;
        }
        out.write(jpeg, i, jpeg.length - i);
        return out.toByteArray();
    }

    /** A test-pattern frame as a publisher would send it: encoded, then received as a JPEG. */
    private record Received(Frame original, byte[] jpeg, long micros, CapturedFrame captured) {
    }

    private static Received received(int width, int height, ColorMode color, int quality) throws Exception {
        try (TestPatternSource pattern = new TestPatternSource(width, height, 1000);
             FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(quality, color))) {
            Frame original = pattern.grab();
            byte[] jpeg = encoder.encode(original).data();
            Frame frame = Frame.ofJpeg(original.sequence(), original.captureEpochMicros(), Jpeg.parse(jpeg),
                    JpegDecoder::pixels, false, true);
            return new Received(original, jpeg, original.captureEpochMicros(), CapturedFrame.of(frame));
        }
    }
}
