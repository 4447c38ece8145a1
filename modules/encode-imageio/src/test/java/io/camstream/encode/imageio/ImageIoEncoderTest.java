package io.camstream.encode.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.testkit.Picture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageIoEncoderTest {

    private static Frame frame;

    @BeforeAll
    static void grabAFrame() throws Exception {
        try (TestPatternSource source = new TestPatternSource(640, 480, 1000)) {
            frame = source.grab();
        }
    }

    @ParameterizedTest
    @CsvSource({"GRAY,1", "COLOR,3"})
    void decodesBackToTheFrame(ColorMode mode, int channels) {
        try (FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(95, mode))) {
            EncodedImage image = encoder.encode(frame);

            Picture picture = Picture.decode(image.data());
            assertEquals("image/jpeg", image.contentType());
            assertEquals(640, picture.width());
            assertEquals(480, picture.height());
            assertEquals(channels, picture.channels());
            assertEquals(mode, image.color());
            double psnr = picture.psnr(frame);
            assertTrue(psnr >= 35, "PSNR at quality 95 is only " + psnr + " dB");
            assertTrue(picture.stamp().orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 60, 75})
    void theStampSurvivesLowQuality(int quality) {
        try (FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(quality, ColorMode.GRAY))) {
            Picture picture = Picture.decode(encoder.encode(frame).data());
            assertTrue(picture.stamp().orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()));
        }
    }

    @Test
    void sizeShrinksAsQualityDrops() {
        int previous = Integer.MAX_VALUE;
        for (int quality : new int[] {100, 95, 80, 50, 20}) {
            try (FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(quality, ColorMode.GRAY))) {
                int size = encoder.encode(frame).data().length;
                assertTrue(size < previous, "quality " + quality + " gave " + size + " bytes, not less than " + previous);
                previous = size;
            }
        }
    }

    @Test
    void aReusedEncoderKeepsEncodingCorrectly() throws Exception {
        try (TestPatternSource source = new TestPatternSource(320, 240, 1000);
             FrameEncoder encoder = new ImageIoEncoderProvider().create(EncoderOptions.defaults())) {
            for (int i = 0; i < 5; i++) {
                Frame next = source.grab();
                Picture picture = Picture.decode(encoder.encode(next).data());
                assertTrue(picture.stamp().orElseThrow().matches(next.sequence(), next.captureEpochMicros()));
            }
        }
    }

    @Test
    void encodesGrayFramesToo() {
        byte[] luma = new byte[640 * 480];
        io.camstream.encode.Grayscale.fromBgr(frame.pixels(), luma, luma.length);
        Frame gray = new Frame(frame.sequence(), frame.captureEpochMicros(), 640, 480, PixelFormat.GRAY8, luma);
        try (FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(95, ColorMode.COLOR))) {
            EncodedImage image = encoder.encode(gray);
            assertEquals(ColorMode.GRAY, image.color(), "a gray frame cannot become colour");
            assertTrue(Picture.decode(image.data()).psnr(gray) >= 35);
        }
    }

    @Test
    void aNullFrameIsRejected() {
        try (FrameEncoder encoder = new ImageIoEncoderProvider().create(EncoderOptions.defaults())) {
            NullPointerException e = assertThrows(NullPointerException.class, () -> encoder.encode(null));
            assertEquals("frame", e.getMessage());
        }
    }

    @Test
    void isDiscoveredOnTheClassPath() {
        Encoders encoders = Encoders.discover();
        assertEquals("imageio", encoders.require("imageio").name());
        assertTrue(encoders.require("imageio").description().contains("twelvemonkeys"),
                "TwelveMonkeys' writer should come first: " + encoders.require("imageio").description());
    }

    @Test
    void servicesFileAndModuleInfoDeclareTheSameProvider() throws Exception {
        List<String> services = Files.readAllLines(
                Path.of("src/main/resources/META-INF/services/io.camstream.encode.spi.EncoderProvider"));
        String moduleInfo = Files.readString(Path.of("src/main/java/module-info.java"));
        assertEquals(List.of(ImageIoEncoderProvider.class.getName()), services);
        assertTrue(moduleInfo.contains("provides io.camstream.encode.spi.EncoderProvider with "
                + ImageIoEncoderProvider.class.getName() + ";"), moduleInfo);
    }
}
