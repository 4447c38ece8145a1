package io.camstream.encode.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.TestPatternSource;
import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.Grayscale;
import io.camstream.encode.opencv.OpenCvEncoderProvider;
import io.camstream.testkit.Prerequisite;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.libjpegturbo.turbojpeg.TJ;
import org.libjpegturbo.turbojpeg.TJCompressor;

/**
 * Real test-pattern frames at camera sizes, encoded by this plugin and decoded by the JDK's own
 * ImageIO reader, compared pixel by pixel with the source and with opencv's output. The bounds are
 * set from measurements (in each test's comment) with room for other libjpeg-turbo builds, and tight
 * enough that a swapped R and B or a wrong row pitch fails them ({@link #brokenInputFailsTheGrayBound}).
 */
class TurboJpegPicturesTest {

    /**
     * Gray at q95 against the source's BT.601 luma: measured 1.01 (640x480) and 0.97 (1920x1080); PF_RGB
     * instead of PF_BGR gives 14.9, a row pitch one pixel short 30.1.
     */
    private static final double GRAY_BOUND = 2.0;
    /** Colour at q95 (4:2:0) against the source, per sample: measured 2.06 and 1.95. */
    private static final double COLOR_BOUND = 3.0;
    /**
     * Gray at q95 against opencv's gray JPEG, decoded: measured 0.026 and 0.022 with the accurate DCT;
     * TurboJPEG's default fast DCT gave 0.73 and 0.69, which this bound rejects.
     */
    private static final double OPENCV_BOUND = 0.25;

    @BeforeEach
    void requireNatives() {
        Availability availability = new TurboJpegEncoderProvider().availability();
        Prerequisite.require(availability.available(), "turbojpeg: " + availability.reason());
    }

    @ParameterizedTest
    @CsvSource({"640, 480", "1920, 1080"})
    void grayIsTheSourcesLuma(int width, int height) throws Exception {
        Frame frame = frame(width, height);
        EncodedImage image = encode(frame, ColorMode.GRAY);
        Raster decoded = decode(image.data(), width, height, 1);

        assertEquals(ColorMode.GRAY, image.color());
        assertEquals(width, image.width());
        assertEquals(height, image.height());
        assertTrue(image.encodeNanos() > 0);
        double error = meanAbsoluteError(decoded, Grayscale.luma(frame, null), 1);
        System.out.printf("turbojpeg gray %dx%d: %d bytes, mean abs error vs luma %.3f%n",
                width, height, image.data().length, error);
        assertTrue(error < GRAY_BOUND, "mean absolute error " + error + " against the source's luma");
    }

    @ParameterizedTest
    @CsvSource({"640, 480", "1920, 1080"})
    void colourIsTheSource(int width, int height) throws Exception {
        Frame frame = frame(width, height);
        EncodedImage image = encode(frame, ColorMode.COLOR);
        Raster decoded = decode(image.data(), width, height, 3);

        assertEquals(ColorMode.COLOR, image.color());
        // The JDK's raster gives R, G, B; the frame holds B, G, R.
        byte[] rgb = new byte[frame.pixels().length];
        byte[] bgr = frame.pixels();
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        double error = meanAbsoluteError(decoded, rgb, 3);
        System.out.printf("turbojpeg colour %dx%d: %d bytes, mean abs error vs source %.3f%n",
                width, height, image.data().length, error);
        assertTrue(error < COLOR_BOUND, "mean absolute error " + error + " against the source");
    }

    @ParameterizedTest
    @CsvSource({"640, 480", "1920, 1080"})
    void grayIsOpenCvsPicture(int width, int height) throws Exception {
        OpenCvEncoderProvider opencv = new OpenCvEncoderProvider();
        Prerequisite.require(opencv.availability().available(), "opencv: " + opencv.availability().reason());
        Frame frame = frame(width, height);
        byte[] ours = encode(frame, ColorMode.GRAY).data();
        byte[] theirs;
        try (FrameEncoder encoder = opencv.create(new EncoderOptions(95, ColorMode.GRAY))) {
            theirs = encoder.encode(frame).data();
        }
        Raster reference = decode(theirs, width, height, 1);
        byte[] referencePixels = new byte[width * height];
        reference.getDataElements(0, 0, width, height, referencePixels);

        double difference = meanAbsoluteError(decode(ours, width, height, 1), referencePixels, 1);
        System.out.printf("turbojpeg vs opencv gray %dx%d: %d vs %d bytes, identical: %b, mean abs difference %.3f%n",
                width, height, ours.length, theirs.length, Arrays.equals(ours, theirs), difference);
        assertTrue(difference < OPENCV_BOUND, "mean absolute difference " + difference + " from opencv's picture");
    }

    /** What the bound is for: the same frame read with the wrong layout must fail it, clearly. */
    @ParameterizedTest
    @CsvSource({"swapped R and B, 0", "pitch one pixel short, -3"})
    void brokenInputFailsTheGrayBound(String mistake, int pitchChange) throws Exception {
        int width = 640;
        int height = 480;
        Frame frame = frame(width, height);
        TJCompressor compressor = new TJCompressor();
        byte[] jpeg;
        try {
            compressor.setSubsamp(TJ.SAMP_GRAY);
            compressor.setJPEGQuality(95);
            int format = pitchChange == 0 ? TJ.PF_RGB : TJ.PF_BGR;
            compressor.setSourceImage(frame.pixels(), 0, 0, width, width * 3 + pitchChange, height, format);
            byte[] out = new byte[TJ.bufSize(width, height, TJ.SAMP_GRAY)];
            compressor.compress(out, TJ.FLAG_ACCURATEDCT);
            jpeg = Arrays.copyOf(out, compressor.getCompressedSize());
        } finally {
            compressor.close();
        }
        double error = meanAbsoluteError(decode(jpeg, width, height, 1), Grayscale.luma(frame, null), 1);
        System.out.printf("broken (%s): mean abs error vs luma %.3f%n", mistake, error);
        assertTrue(error > 2 * GRAY_BOUND, mistake + " gave only " + error);
    }

    private static Frame frame(int width, int height) throws Exception {
        try (TestPatternSource source = new TestPatternSource(width, height, 1000)) {
            return source.grab();
        }
    }

    private static EncodedImage encode(Frame frame, ColorMode mode) {
        try (FrameEncoder encoder = new TurboJpegEncoderProvider().create(new EncoderOptions(95, mode))) {
            return encoder.encode(frame);
        }
    }

    /** Decodes with the JDK's ImageIO and checks the size and the number of components. */
    private static Raster decode(byte[] jpeg, int width, int height, int components) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
        assertEquals(components, image.getColorModel().getNumComponents());
        assertEquals(components, image.getRaster().getNumBands());
        return image.getRaster();
    }

    private static double meanAbsoluteError(Raster decoded, byte[] expected, int bands) {
        int[] samples = decoded.getPixels(0, 0, decoded.getWidth(), decoded.getHeight(), (int[]) null);
        assertEquals(expected.length, samples.length);
        long sum = 0;
        for (int i = 0; i < samples.length; i++) {
            sum += Math.abs(samples[i] - (expected[i] & 0xFF));
        }
        return (double) sum / samples.length;
    }
}
