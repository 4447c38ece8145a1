package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.Sources;
import io.camstream.testkit.Prerequisite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An MJPEG camera over HTTP sending at a known rate that FFmpeg cannot see: the source reports the
 * rate its frames really arrive at, not FFmpeg's assumed 25, and loses no frame to measuring it.
 */
@Timeout(120)
class MeasuredRateTest {

    private final Sources sources = Sources.discover();

    @BeforeEach
    void needsNatives() {
        Prerequisite.require(JavacvNatives.ffmpeg().available(), JavacvNatives.ffmpeg().reason());
        Prerequisite.require(JavacvNatives.opencv().available(), JavacvNatives.opencv().reason());
    }

    @Test
    void ffmpegItselfAssumes25ForMjpegOverHttp() throws Exception {
        try (MjpegCamera camera = new MjpegCamera(15, 60, 320, 240);
                FFmpegInput input = FFmpegInput.open(camera.url(), "camera", Map.of(), Duration.ofSeconds(10))) {
            assertEquals("mpjpeg", input.format());
            assertTrue(input.live(), "no duration: live");
            assertTrue(input.inventsTimestamps());
            assertEquals(25, input.claimedFps(), 0.01, "what the container would have us report");
        }
    }

    @Test
    void a15FpsCameraReports15AndDeliversEveryFrameInOrder() throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (MjpegCamera camera = new MjpegCamera(15, 60, 320, 240);
                FrameSource source = sources.open(camera.url(), SourceOptions.defaults())) {
            assertEquals(15, source.info().fps(), 1.5, "a first estimate, while opening: " + source.info());
            assertTrue(source.info().description().endsWith("(mjpeg, live)"), source.info().description());
            for (int i = 0; i < 40; i++) {
                frames.add(source.grab());
            }
            assertEquals(15, source.info().fps(), 1.0, "refined over a second: " + source.info());
        }
        assertEquals(LongStream.rangeClosed(1, 40).boxed().toList(), frames.stream().map(Clips::index).toList(),
                "the frames read while measuring come first, none lost");
    }

    @Test
    void an8FpsCameraReports8() throws Exception {
        try (MjpegCamera camera = new MjpegCamera(8, 40, 320, 240);
                FrameSource source = sources.open(camera.url(), SourceOptions.defaults())) {
            assertTrue(source.info().fps() > 0 && source.info().fps() < 12, "a first estimate: " + source.info());
            for (int i = 0; i < 16; i++) {
                source.grab(); // two seconds: the reading ahead has measured over a second and ten intervals
            }
            assertEquals(8, source.info().fps(), 0.6, source.info().toString());
        }
    }

    @Test
    void eachMjpegFrameKeepsTheJpegItCameFrom() throws Exception {
        try (MjpegCamera camera = new MjpegCamera(30, 10, 320, 240);
                FFmpegSource source = (FFmpegSource) new StreamSourceProvider().open(SourceSpec.parse(camera.url()),
                        SourceOptions.defaults().withLoop(false))) {
            for (int index = 1; index <= 10; index++) {
                Frame frame = source.grab();
                byte[] jpeg = source.lastCompressedPicture();
                assertNotNull(jpeg, "frame " + index);
                assertEquals(index, Clips.index(frame));
                assertArrayEquals(camera.jpeg(index), jpeg, "the camera's own bytes for frame " + index);
                // The frame carries them for MJPEG passthrough, with the pixels FFmpeg decoded from them.
                assertArrayEquals(camera.jpeg(index), frame.jpeg().orElseThrow().bytes(), "frame " + index);
                assertEquals(320 * 240 * 3, frame.pixels().length);
            }
        }
    }
}
