package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.Grayscale;
import io.camstream.encode.spi.EncoderProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every encoder plugin keeps; each plugin's tests extend this class and name their
 * provider. It also checks the plugin's compiled module descriptor and {@code META-INF/services}
 * declare the same provider (see {@link ModuleDeclarations}).
 *
 * <p>When the provider is unavailable here (say its natives are missing) every test is skipped
 * with the provider's own reason.
 */
@Timeout(60)
public abstract class EncoderContractTest {

    private static Frame frame;
    private static Frame oddFrame;
    private static List<Frame> sequence;

    /** For each plugin's test class. */
    protected EncoderContractTest() {
    }

    /** The plugin under test. */
    protected abstract EncoderProvider provider();

    @BeforeAll
    static void makeFrames() throws Exception {
        try (TestPatternSource source = new TestPatternSource(640, 480, 1000)) {
            frame = source.grab();
            sequence = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                sequence.add(source.grab());
            }
        }
        try (TestPatternSource odd = new TestPatternSource(321, 241, 1000)) {
            oddFrame = odd.grab();
        }
    }

    @BeforeEach
    void requireAvailable() {
        Availability availability = provider().availability();
        Assumptions.assumeTrue(availability.available(),
                () -> "skipped: encoder '" + provider().name() + "' is not available here: " + availability.reason());
    }

    @ParameterizedTest
    @EnumSource(ColorMode.class)
    protected void decodingWhatWasEncodedGivesBackTheFrame(ColorMode mode) {
        try (FrameEncoder encoder = provider().create(new EncoderOptions(95, mode))) {
            EncodedImage image = encoder.encode(frame);

            Picture picture = Picture.decode(image.data());
            assertEquals("image/jpeg", image.contentType());
            assertEquals(mode, image.color());
            assertEquals(640, picture.width());
            assertEquals(480, picture.height());
            assertEquals(640, image.width());
            assertEquals(480, image.height());
            assertEquals(mode == ColorMode.GRAY ? 1 : 3, picture.channels(), "gray output is one channel");
            double psnr = picture.psnr(frame);
            assertTrue(psnr >= 35, mode + " PSNR at quality 95 is only " + psnr + " dB");
            assertTrue(picture.stamp().orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()));
            assertTrue(image.encodeNanos() > 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {50, 60, 75})
    protected void theStampSurvivesQualityFiftyAndAbove(int quality) {
        for (ColorMode mode : ColorMode.values()) {
            try (FrameEncoder encoder = provider().create(new EncoderOptions(quality, mode))) {
                Picture picture = Picture.decode(encoder.encode(frame).data());
                assertTrue(picture.stamp().orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()),
                        mode + " at quality " + quality);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ColorMode.class)
    protected void sizeShrinksAsQualityDrops(ColorMode mode) {
        int previous = Integer.MAX_VALUE;
        for (int quality : new int[] {100, 95, 80, 50, 20, 1}) {
            try (FrameEncoder encoder = provider().create(new EncoderOptions(quality, mode))) {
                int size = encoder.encode(frame).data().length;
                assertTrue(size < previous,
                        mode + " quality " + quality + " gave " + size + " bytes, not less than " + previous);
                previous = size;
            }
        }
    }

    @Test
    protected void oddSizesArePreserved() {
        for (ColorMode mode : ColorMode.values()) {
            try (FrameEncoder encoder = provider().create(new EncoderOptions(90, mode))) {
                Picture picture = Picture.decode(encoder.encode(oddFrame).data());
                assertEquals(321, picture.width());
                assertEquals(241, picture.height());
                assertTrue(picture.psnr(oddFrame) >= 30, mode + " 321x241");
            }
        }
    }

    @Test
    protected void aGrayFrameStaysGrayEvenWhenColourIsAsked() {
        byte[] luma = Grayscale.luma(frame, null);
        Frame gray = new Frame(frame.sequence(), frame.captureEpochMicros(), 640, 480, PixelFormat.GRAY8, luma);
        try (FrameEncoder encoder = provider().create(new EncoderOptions(95, ColorMode.COLOR))) {
            EncodedImage image = encoder.encode(gray);
            Picture picture = Picture.decode(image.data());
            assertEquals(ColorMode.GRAY, image.color());
            assertEquals(1, picture.channels());
            assertTrue(picture.psnr(gray) >= 35);
        }
    }

    @Test
    protected void oneEncoderEncodesFrameAfterFrameAndChangesOfSize() {
        try (FrameEncoder encoder = provider().create(EncoderOptions.defaults())) {
            for (Frame next : List.of(sequence.get(0), oddFrame, sequence.get(1), sequence.get(2))) {
                Picture picture = Picture.decode(encoder.encode(next).data());
                assertEquals(next.width(), picture.width());
                assertTrue(picture.stamp().orElseThrow().matches(next.sequence(), next.captureEpochMicros()));
            }
        }
    }

    @Test
    protected void fourThreadsEncodingAtOnceGiveCorrectOutput() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ColorMode mode = t % 2 == 0 ? ColorMode.GRAY : ColorMode.COLOR;
                results.add(threads.submit(() -> {
                    try (FrameEncoder encoder = provider().create(new EncoderOptions(90, mode))) {
                        for (int round = 0; round < 3; round++) {
                            for (Frame next : sequence) {
                                Picture picture = Picture.decode(encoder.encode(next).data());
                                assertEquals(mode == ColorMode.GRAY ? 1 : 3, picture.channels());
                                assertTrue(picture.stamp().orElseThrow()
                                        .matches(next.sequence(), next.captureEpochMicros()),
                                        "frame " + next.sequence() + " came out as another frame");
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get(50, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    protected void badInputIsRejectedWithSpecificMessages() {
        NullPointerException noOptions = assertThrows(NullPointerException.class, () -> provider().create(null));
        assertEquals("options", noOptions.getMessage());
        try (FrameEncoder encoder = provider().create(EncoderOptions.defaults())) {
            NullPointerException noFrame = assertThrows(NullPointerException.class, () -> encoder.encode(null));
            assertEquals("frame", noFrame.getMessage());
        }
        for (int quality : new int[] {0, 101}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> provider().create(new EncoderOptions(quality, ColorMode.GRAY)));
            assertEquals("JPEG quality must be between 1 and 100, got " + quality, e.getMessage());
        }
    }

    @Test
    protected void aClosedEncoderSaysSo() {
        FrameEncoder encoder = provider().create(EncoderOptions.defaults());
        encoder.close();
        encoder.close(); // closing twice is harmless
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> encoder.encode(frame));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    protected void describesItself() {
        EncoderProvider provider = provider();
        assertTrue(provider.name().matches("[a-z][a-z0-9-]*"), "a stable lower-case id: " + provider.name());
        assertTrue(!provider.description().isBlank());
        assertTrue(provider.colorModes().contains(ColorMode.GRAY), "every encoder serves the original gray stream");
        assertTrue(provider.minQuality() >= 1 && provider.maxQuality() <= 100
                && provider.minQuality() <= provider.maxQuality());
        try (FrameEncoder encoder = provider.create(new EncoderOptions(77, ColorMode.GRAY))) {
            assertEquals(provider.name(), encoder.name());
            assertEquals(new EncoderOptions(77, ColorMode.GRAY), encoder.options());
        }
    }

    @Test
    protected void isFoundByServiceLoaderOnTheClassPath() {
        EncoderProvider found = Encoders.discover().require(provider().name());
        assertEquals(provider().getClass(), found.getClass());
    }

    @Test
    protected void moduleInfoAndServicesFileDeclareTheSameProvider() throws Exception {
        Class<?> type = provider().getClass();
        ModuleDeclarations declarations = ModuleDeclarations.of(type);
        // A module may hold several plugins (opencv and opencv-strips); this one must be among them.
        List<String> providers = declarations.providers(EncoderProvider.class);
        assertTrue(providers.contains(type.getName()), "module " + declarations.descriptor().name() + " provides "
                + EncoderProvider.class.getName() + " with " + providers + ", not with " + type.getName());
        declarations.assertProvidersAgree();
    }
}
