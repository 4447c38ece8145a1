package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SourcesTest {

    private final SourceProvider camera = new FakeProvider("camera", List.of("camera"), List.of("camera:INDEX"),
            Availability.no("OpenCV natives missing"));
    private final SourceProvider network = new FakeProvider("network", List.of("rtsp", "http"),
            List.of("rtsp://HOST/PATH", "http://HOST/PATH"), Availability.yes());
    private final Sources sources = Sources.of(List.of(network, camera, new TestPatternSourceProvider()));

    @Test
    void thePatternComesFirstThenByName() {
        assertEquals(List.of("pattern", "camera", "network"),
                sources.all().stream().map(SourceProvider::name).toList());
    }

    @Test
    void anUnsupportedSchemeListsTheSupportedForms() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sources.open("webcam", SourceOptions.defaults()));
        assertEquals("unsupported source 'webcam'; supported: pattern[?noise=0..64], rtsp://HOST/PATH,"
                + " http://HOST/PATH", e.getMessage());
        IllegalArgumentException path = assertThrows(IllegalArgumentException.class,
                () -> sources.open("/dev/video0", SourceOptions.defaults()));
        assertTrue(path.getMessage().startsWith("unsupported source '/dev/video0'; supported: pattern"),
                path.getMessage());
    }

    @Test
    void anUnavailableKindSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sources.open("camera:0", SourceOptions.defaults()));
        assertTrue(e.getMessage().startsWith("source kind 'camera' is not available here: OpenCV natives missing"),
                e.getMessage());
    }

    @Test
    void thePatternOpensAtTheRequestedSizeAndRateOrTheDefaults() throws Exception {
        try (FrameSource source = sources.open("pattern?noise=0",
                SourceOptions.defaults().withSize(320, 240).withFps(15))) {
            assertEquals(new SourceInfo("test pattern", 320, 240, 15, PixelFormat.BGR24), source.info());
            assertEquals(320, source.grab().width());
        }
        try (FrameSource source = sources.open("pattern", SourceOptions.defaults())) {
            assertEquals(new SourceInfo("test pattern", 640, 480, 30, PixelFormat.BGR24), source.info());
        }
    }

    @Test
    void badPatternParametersAreNamed() {
        assertEquals("unknown test pattern parameter 'speed'; known: noise",
                assertThrows(IllegalArgumentException.class,
                        () -> sources.open("pattern?speed=2", SourceOptions.defaults())).getMessage());
        assertEquals("test pattern noise must be in 0..64, got 99", assertThrows(IllegalArgumentException.class,
                () -> sources.open("pattern?noise=99", SourceOptions.defaults())).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> sources.open("pattern:foo", SourceOptions.defaults())).getMessage().contains("takes no target"));
    }

    @Test
    void specsSplitSchemeTargetAndParameters() {
        SourceSpec camera = SourceSpec.parse("Camera:/dev/video2?format=MJPG&x=1");
        assertEquals("camera", camera.scheme());
        assertEquals("/dev/video2", camera.location());
        assertEquals(Map.of("format", "MJPG", "x", "1"), camera.parameters());
        assertEquals(new SourceSpec("pattern", "pattern", ""), SourceSpec.parse("pattern"));
        assertEquals("//cam.local:554/live?x=1", SourceSpec.parse("rtsp://cam.local:554/live?x=1").target());
        assertEquals("clip 1.mp4", SourceSpec.parse("file:clip 1.mp4").location());
        assertThrows(IllegalArgumentException.class, () -> SourceSpec.parse("camera:0?format").parameters());
    }

    @Test
    void optionsRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> SourceOptions.defaults().withSize(640, 0));
        assertThrows(IllegalArgumentException.class, () -> SourceOptions.defaults().withFps(-1));
        assertEquals(640, SourceOptions.defaults().widthOr(640));
        assertEquals(25, SourceOptions.defaults().withFps(25).fpsOr(30));
    }

    // Its module-info and services file are checked by TestPatternSourceProviderTest in the test kit,
    // which this module's tests cannot use: the kit depends on capture.
    @Test
    void discoveryFindsThePattern() {
        assertEquals(TestPatternSourceProvider.class, Sources.discover().find("pattern").orElseThrow().getClass());
    }

    private record FakeProvider(String name, List<String> schemes, List<String> forms, Availability availability)
            implements SourceProvider {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public FrameSource open(SourceSpec spec, SourceOptions options) {
            throw new IllegalStateException("not needed by these tests");
        }
    }
}
