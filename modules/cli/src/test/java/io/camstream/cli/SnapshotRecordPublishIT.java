package io.camstream.cli;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.camstream.capture.Sources;
import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.Picture;
import io.camstream.testkit.Prerequisite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code snapshot}, {@code record}, {@code publish --source file:} and {@code view --legacy} as users run them:
 * the real {@code ./camstream} on the module path, where FFmpeg's natives for {@code record} must resolve too.
 */
@Timeout(240)
class SnapshotRecordPublishIT extends CamstreamProcesses {

    @TempDir
    Path dir;

    @Test
    void snapshotWritesAFreshJpegToAFileOrStandardOutputAndRecordWritesAPlayableMatroskaFile() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240");
        String target = "127.0.0.1:" + awaitPort(server, new ArrayList<>());

        Path file = dir.resolve("snap.jpg");
        Result snapshot = run("snapshot", "--target", target, "-o", file.toString());
        assertEquals(0, snapshot.exit(), snapshot.toString());
        Picture picture = Picture.decode(Files.readAllBytes(file));
        assertEquals(320, picture.width());
        assertTrue(System.currentTimeMillis() - picture.stamp().orElseThrow().captureEpochMillis() < 2000,
                "fresh: " + snapshot);
        assertTrue(snapshot.stderr().contains("sequence " + picture.stamp().orElseThrow().sequenceLow32()),
                snapshot.stderr());

        // Without -o, and standard output not a terminal: the JPEG alone on standard output.
        Path piped = dir.resolve("piped.jpg");
        Process toStdout = command("snapshot", "--target", target).redirectOutput(piped.toFile())
                .redirectError(dir.resolve("piped.err").toFile()).start();
        processes.add(toStdout);
        assertTrue(toStdout.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, toStdout.exitValue(), Files.readString(dir.resolve("piped.err")));
        assertEquals(240, Picture.decode(Files.readAllBytes(piped)).height());

        Path mkv = dir.resolve("out.mkv");
        Result record = run("record", "--target", target, "--seconds", "3", "-o", mkv.toString());
        assertEquals(0, record.exit(), record.toString());
        MediaFile recorded = MediaFile.read(mkv);
        assertEquals(AV_CODEC_ID_MJPEG, recorded.codecId());
        assertTrue(recorded.span() > 2.8 && recorded.span() <= 3.0, "3 s of capture time: " + recorded.span());
        assertTrue(recorded.packets().size() >= 0.6 * 90 && recorded.packets().size() <= 92, record.toString());
        assertTrue(record.stderr().contains("camstream record: " + recorded.packets().size() + " frames 320x240"),
                record.stderr());

        // Without --seconds it records until stopped; SIGTERM (or Ctrl-C) still finishes the file.
        Path stopped = dir.resolve("stopped.mkv");
        Process untilStopped = command("record", "--target", target, "-o", stopped.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("stopped.log").toFile()).start();
        processes.add(untilStopped);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(stopped) || Files.size(stopped) < 100_000) {
            assertTrue(System.nanoTime() < deadline, "no recording: " + Files.readString(dir.resolve("stopped.log")));
            Thread.sleep(100);
        }
        untilStopped.destroy();
        assertTrue(untilStopped.waitFor(20, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("stopped.log"));
        assertEquals(0, untilStopped.exitValue(), log);
        assertTrue(log.contains("camstream record: " + MediaFile.read(stopped).packets().size() + " frames"), log);
    }

    @Test
    void aRecordingIsPublishedAsAFileSourceAtItsOwnSize() throws Exception {
        SourceProvider files = Sources.discover().find("file").orElseThrow();
        Prerequisite.require(files.availability().available(), "file sources are not available here: "
                + files.availability().reason() + "; .ci/install-test-deps installs what they need");
        Process camera = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240");
        String cameraTarget = "127.0.0.1:" + awaitPort(camera, new ArrayList<>());
        Path mkv = dir.resolve("clip.mkv");
        assertEquals(0, run("record", "--target", cameraTarget, "--seconds", "2", "-o", mkv.toString()).exit());
        Process hub = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", "edge=publish",
                "--source", "once=publish");
        String hubTarget = "127.0.0.1:" + awaitPort(hub, new ArrayList<>());

        Process publisher = start("publish", "--to", hubTarget, "--camera", "edge", "--source", "file:" + mkv,
                "--seconds", "60");
        Result view = run("view", "--headless", "--target", hubTarget, "--camera", "edge", "--frames", "20",
                "--json");
        publisher.destroy();

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(320, summary.get("width").getAsInt(), "the file's own size, not --size's default: " + summary);
        assertEquals(240, summary.get("height").getAsInt());
        assertEquals(0, summary.get("decode_errors").getAsInt());

        // With --once it stops at the end of the file (2 s of frames) instead of looping it.
        Result once = run("publish", "--to", hubTarget, "--camera", "once", "--source", "file:" + mkv, "--once");
        assertEquals(0, once.exit(), once.toString());
        assertTrue(once.stderr().contains("camstream publish: the source ended (--once)"), once.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"base64", "jpeg"})
    void viewLegacyCountsDistinctFramesNotRepeatedReplies(String payload) throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240",
                "--legacy-payload", payload);
        String target = "127.0.0.1:" + awaitPort(server, new ArrayList<>());

        Result view = run("view", "--headless", "--legacy", "--target", target, "--frames", "300", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(0, summary.get("decode_errors").getAsInt(), summary.toString());
        assertEquals(320, summary.get("width").getAsInt());
        // The camera makes 30 frames a second, however often the client asks (a base64 client asks ~100 times
        // a second). Over the few seconds this takes, a frame more or less and a busy machine's jitter stay within
        // 10 %: 33 still tells distinct frames from repeated replies.
        double fps = summary.get("fps").getAsDouble();
        assertTrue(fps > 0 && fps <= 33, "distinct frames per second: " + summary);
        assertTrue(summary.get("replies_fps").getAsDouble() >= fps, summary.toString());
        assertTrue(summary.get("distinct_frames").getAsLong() <= summary.get("frames").getAsLong(), summary.toString());
    }
}
