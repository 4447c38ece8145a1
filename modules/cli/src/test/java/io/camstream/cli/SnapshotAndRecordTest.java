package io.camstream.cli;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.FrameStamp;
import io.camstream.capture.TestPatternSource;
import io.camstream.server.CamstreamServer;
import io.camstream.testkit.Picture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot} and {@code record} in this JVM against a real server over 127.0.0.1 whose test pattern stamps
 * each picture with its sequence number and capture time: what they write decodes, is fresh, and a recording's
 * timestamps are the frames' capture times, read back with FFmpeg's demuxer as a player would.
 */
@Timeout(120)
class SnapshotAndRecordTest {

    private static final int FPS = 30;
    private static CamstreamServer server;
    private static String target;

    @TempDir
    Path dir;

    @BeforeAll
    static void startServer() throws IOException {
        server = CamstreamServer.builder(new TestPatternSource(320, 240, FPS)).bind("127.0.0.1").port(0).start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    record Result(int exit, String out, String err) {
        void assertOneLineRefusal(int status, String text) {
            assertEquals(status, exit, toString());
            assertTrue(err.contains(text), "expected '" + text + "' in\n" + err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        }
    }

    static Result camstream(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void aSnapshotIsOneFreshJpegOfTheCameraWithItsSequenceOnStandardError() throws Exception {
        Path file = dir.resolve("snap.jpg");
        Result snapshot = camstream("snapshot", "--target", target, "-o", file.toString(), "--color");

        long now = System.currentTimeMillis();
        assertEquals(0, snapshot.exit(), snapshot.toString());
        Picture picture = Picture.decode(Files.readAllBytes(file));
        assertEquals(320, picture.width());
        assertEquals(240, picture.height());
        assertEquals(3, picture.channels(), "--color asked for colour");
        FrameStamp.Reading stamp = picture.stamp().orElseThrow();
        assertTrue(now - stamp.captureEpochMillis() < 1000, "captured " + (now - stamp.captureEpochMillis())
                + " ms before it was saved");
        assertTrue(snapshot.err().contains("320x240 colour JPEG, " + Files.size(file) + " bytes, sequence "
                + stamp.sequenceLow32() + ", captured "), snapshot.err());
        assertEquals("", snapshot.out(), "the picture went to the file, the description to standard error");

        Result gray = camstream("snapshot", "--target", target, "-o", file.toString(), "--max-size", "160x160");
        assertEquals(0, gray.exit(), gray.toString());
        Picture small = Picture.decode(Files.readAllBytes(file));
        assertEquals(1, small.channels(), "the server's default is gray");
        assertEquals(160, small.width(), "downscaled to fit 160x160, aspect kept");
        assertEquals(120, small.height());
    }

    @Test
    void aSnapshotOfAMissingCameraOrIntoNoDirectoryIsRefusedInOneLine() {
        camstream("snapshot", "--target", target, "--camera", "nosuch", "-o", dir.resolve("x.jpg").toString())
                .assertOneLineRefusal(1, "camstream snapshot: no picture from " + target + ": NOT_FOUND: no camera "
                        + "named 'nosuch'; this server has: default");
        camstream("snapshot", "--target", target, "-o", dir.resolve("no/such/x.jpg").toString())
                .assertOneLineRefusal(2, "no such directory");
        assertFalse(Files.exists(dir.resolve("x.jpg")), "nothing written");
    }

    @Test
    void aMatroskaRecordingKeepsEveryFramesCaptureTimeSoItPlaysAtTheRealRate() throws Exception {
        Path file = dir.resolve("out.mkv");
        Result record = camstream("record", "--target", target, "--seconds", "3", "-o", file.toString(), "--color");

        assertEquals(0, record.exit(), record.toString());
        MediaFile mkv = MediaFile.read(file);
        assertTrue(mkv.container().contains("matroska"), mkv.container());
        assertEquals(AV_CODEC_ID_MJPEG, mkv.codecId(), "the JPEGs as they came, not re-encoded");
        assertEquals(320, mkv.width());
        assertEquals(240, mkv.height());
        // Each packet is the camera's picture, and its timestamp is the capture time stamped into it. Matroska
        // rounds to milliseconds and each stamp truncates its microseconds to them, so the two differences may
        // part by up to 1.5 ms (not 1: a stamp's truncation and the muxer's rounding add up).
        List<FrameStamp.Reading> stamps = new ArrayList<>();
        for (MediaFile.Packet packet : mkv.packets()) {
            Picture picture = Picture.decode(packet.data());
            assertEquals(3, picture.channels());
            stamps.add(picture.stamp().orElseThrow());
            long sinceFirst = stamps.get(stamps.size() - 1).captureEpochMillis() - stamps.get(0).captureEpochMillis();
            assertEquals(sinceFirst, packet.seconds() * 1000, 1.5, "packet at " + packet.seconds() + " s");
        }
        assertRealRate(stamps, mkv.span(), record);
    }

    @Test
    void anMp4RecordingStopsAfterFramesAndIsTimedLikeTheCamera() throws Exception {
        Path file = dir.resolve("out.mp4");
        Result record = camstream("record", "--target", target, "--frames", "30", "-o", file.toString());

        assertEquals(0, record.exit(), record.toString());
        MediaFile mp4 = MediaFile.read(file);
        assertTrue(mp4.container().contains("mp4"), mp4.container());
        assertEquals(AV_CODEC_ID_MJPEG, mp4.codecId());
        assertEquals(30, mp4.packets().size());
        FrameStamp.Reading first = Picture.decode(mp4.packets().get(0).data()).stamp().orElseThrow();
        Picture lastPicture = Picture.decode(mp4.packets().get(29).data());
        FrameStamp.Reading last = lastPicture.stamp().orElseThrow();
        assertEquals(1, lastPicture.channels(), "gray: the server's default");
        assertEquals((last.captureEpochMillis() - first.captureEpochMillis()) / 1000.0, mp4.span(), 0.002,
                "the timestamps are the capture times: " + record);
        assertEquals((last.sequenceLow32() - first.sequenceLow32()) / (double) FPS, mp4.span(), 0.1,
                "the camera's frames span its rate: " + record);
    }

    @Test
    void anMjpegRecordingIsTheJpegsOneAfterAnother() throws Exception {
        Path file = dir.resolve("out.mjpeg");
        Result record = camstream("record", "--target", target, "--seconds", "3", "-o", file.toString());

        assertEquals(0, record.exit(), record.toString());
        List<byte[]> jpegs = splitJpegs(Files.readAllBytes(file));
        List<FrameStamp.Reading> stamps = jpegs.stream().map(jpeg -> Picture.decode(jpeg).stamp().orElseThrow())
                .toList();
        assertRealRate(stamps, (stamps.get(stamps.size() - 1).captureEpochMillis()
                - stamps.get(0).captureEpochMillis()) / 1000.0, record);
    }

    @Test
    void aRecordingOfAnUnknownFormatOrCameraIsRefusedInOneLine() {
        camstream("record", "--target", target, "--seconds", "1", "-o", dir.resolve("out.avi").toString())
                .assertOneLineRefusal(2, "cannot tell the format of 'out.avi': name it *.mkv (Matroska), *.mp4 or "
                        + "*.mjpeg");
        camstream("record", "--target", target, "--seconds", "1", "--camera", "nosuch", "-o",
                dir.resolve("out.mkv").toString())
                .assertOneLineRefusal(1, "NOT_FOUND: no camera named 'nosuch'");
        assertFalse(Files.exists(dir.resolve("out.mkv")), "no file without frames");
    }

    /**
     * About 3 s of a 30 fps camera, read from the pictures' own stamps: the recording spans 3 s of capture time,
     * the camera's sequence numbers advanced by 30 a second over it, and the frames are in order, most of them
     * there (a machine busy with other work may make the client miss some, which the server then skips).
     */
    private static void assertRealRate(List<FrameStamp.Reading> stamps, double spanSeconds, Result record) {
        assertTrue(spanSeconds > 2.8 && spanSeconds <= 3.0, "timestamps span " + spanSeconds + " s: " + record);
        long sequences = stamps.get(stamps.size() - 1).sequenceLow32() - stamps.get(0).sequenceLow32();
        assertEquals(FPS, sequences / spanSeconds, FPS * 0.1, sequences + " frames of the camera over "
                + spanSeconds + " s: " + record);
        for (int i = 1; i < stamps.size(); i++) {
            assertTrue(stamps.get(i).sequenceLow32() > stamps.get(i - 1).sequenceLow32(), "in order: " + stamps);
        }
        assertTrue(stamps.size() >= 0.6 * (sequences + 1), stamps.size() + " of " + (sequences + 1) + " frames: "
                + record);
        assertTrue(record.err().contains("camstream record: " + stamps.size() + " frames 320x240"), record.err());
    }

    /** Splits concatenated JPEGs at their end markers (the pattern's JPEGs embed no thumbnails). */
    static List<byte[]> splitJpegs(byte[] bytes) {
        List<byte[]> jpegs = new ArrayList<>();
        int start = 0;
        for (int i = 2; i + 1 < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == 0xFF && (bytes[i + 1] & 0xFF) == 0xD9) {
                assertTrue((bytes[start] & 0xFF) == 0xFF && (bytes[start + 1] & 0xFF) == 0xD8, "a JPEG at " + start);
                jpegs.add(Arrays.copyOfRange(bytes, start, i + 2));
                start = i + 2;
                i = start + 1;
            }
        }
        assertEquals(bytes.length, start, "nothing after the last JPEG");
        return jpegs;
    }
}
