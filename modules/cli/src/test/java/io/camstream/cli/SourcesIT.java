package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.camstream.testkit.Prerequisite;
import io.camstream.testkit.VideoClips;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Video files, cameras and the source list, through the real command. FFmpeg cases skip without its
 * natives, or fail under CI.
 */
@Timeout(180)
class SourcesIT extends CamstreamProcesses {

    @Test
    void aVideoFileIsStreamedAtItsOwnSize(@TempDir Path dir) throws Exception {
        requireFfmpeg();
        Path clip = writeClip(dir.resolve("clip.mp4"), 60, 320, 240);
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", "file:" + clip);
        List<String> serverOutput = new ArrayList<>();
        int port = awaitPort(server, serverOutput);

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "100", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(100, summary.get("frames").getAsInt(), summary.toString());
        assertEquals(320, summary.get("width").getAsInt(), summary.toString());
        assertEquals(240, summary.get("height").getAsInt(), summary.toString());
        assertEquals(0, summary.get("out_of_order").getAsInt());
        assertEquals(0, summary.get("decode_errors").getAsInt());
        synchronized (serverOutput) {
            assertTrue(serverOutput.stream()
                    .anyMatch(line -> line.contains("file clip.mp4 (mpeg4, looping) 320x240 at 30.00 fps")),
                    serverOutput.toString());
        }
    }

    @Test
    void withOnceTheServerStopsAtTheEndOfTheFile(@TempDir Path dir) throws Exception {
        requireFfmpeg();
        Path clip = writeClip(dir.resolve("short.mp4"), 30, 320, 240);

        Result server = run("server", "--bind", "127.0.0.1", "--port", "0", "--source", "file:" + clip, "--once");

        assertEquals(0, server.exit(), server.toString());
        assertTrue(server.stdout().contains("the source ended (--once); stopping"), server.toString());
    }

    @Test
    void sourcesThatCanNeverWorkStopTheServerWithAClearMessage(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/video0")), "this machine has a camera at /dev/video0");
        Result camera = run("server", "--source", "camera:0", "--bind", "127.0.0.1", "--port", "0");
        assertEquals(1, camera.exit(), camera.toString());
        assertTrue(camera.stderr().contains(
                "camstream server: no camera at index 0 (no /dev/video0); try --source pattern or --source file:PATH"),
                camera.stderr());

        requireFfmpeg();
        Path missing = dir.resolve("missing.mp4");
        Result file = run("server", "--source", "file:" + missing, "--bind", "127.0.0.1", "--port", "0");
        assertEquals(1, file.exit(), file.toString());
        assertTrue(file.stderr().contains("camstream server: no such file: " + missing), file.stderr());
    }

    @Test
    void sourcesListsEveryKindAndTheVideoDevices() throws Exception {
        Result result = run("sources");

        assertEquals(0, result.exit(), result.toString());
        String ffmpeg = ffmpegLoads() ? "yes" : "no";
        for (String kind : List.of("pattern\\s+pattern\\s+yes", "camera\\s+camera\\s+yes", "file\\s+file\\s+" + ffmpeg,
                "stream\\s+rtsp,rtsps,http,https\\s+" + ffmpeg, "nats\\s+nats,tls\\s+yes")) {
            assertTrue(result.stdout().matches("(?s).*\\n" + kind + "\\s.*"), kind + " in\n" + result.stdout());
        }
        assertTrue(result.stdout().contains("video devices (/dev/video*):"), result.stdout());
    }

    @Test
    void noBytedecoPlatformAggregatorReachesTheModulePath() throws Exception {
        try (var jars = Files.list(ROOT.resolve("modules/cli/target/app"))) {
            List<String> aggregators = jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.contains("-platform-")).toList();
            assertEquals(List.of(), aggregators, "these break --add-modules ALL-MODULE-PATH");
        }
    }

    /** FFmpeg's natives load here (they need no system library), or the test is skipped saying why. */
    static void requireFfmpeg() {
        Prerequisite.require(ffmpegLoads(), String.valueOf(VideoClips.unavailable()));
    }

    private static boolean ffmpegLoads() {
        return VideoClips.unavailable() == null;
    }

    /** A clip of moving gradients (no stamps: a file's pictures know nothing of the server's numbering). */
    static Path writeClip(Path file, int frames, int width, int height) throws Exception {
        return VideoClips.write(file, VideoClips.MPEG4, 30, frames, width, height, index -> {
            byte[] pixels = new byte[width * height * 3];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int offset = (y * width + x) * 3;
                    pixels[offset] = (byte) (x + 4 * index);
                    pixels[offset + 1] = (byte) y;
                    pixels[offset + 2] = (byte) ((x ^ y) + index);
                }
            }
            return pixels;
        });
    }
}
