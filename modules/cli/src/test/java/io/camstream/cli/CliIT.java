package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Launches the real {@code ./camstream} launcher, which runs on the module path: the way users run
 * it, and the only way to catch module-path failures that surefire's class path hides.
 */
@Timeout(180)
class CliIT {

    private static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    @ParameterizedTest
    @ValueSource(strings = {"opencv", "imageio"})
    void viewWatchesAServerAndReportsJson(String encoder) throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--encoder", encoder);
        List<String> serverOutput = new ArrayList<>();
        int port = awaitPort(server, serverOutput);

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "50", "--json");

        assertEquals(0, view.exit, view.toString());
        String[] lines = view.stdout.strip().split("\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(50, summary.get("frames").getAsInt(), summary.toString());
        assertEquals(640, summary.get("width").getAsInt());
        assertEquals(480, summary.get("height").getAsInt());
        assertEquals(encoder, summary.get("encoder").getAsString());
        assertTrue(summary.get("last_sequence").getAsLong() >= summary.get("first_sequence").getAsLong() + 49,
                "50 frames in increasing order: " + summary);
        assertEquals(0, summary.get("out_of_order").getAsInt());
        assertEquals(0, summary.get("decode_errors").getAsInt());
        assertEquals(0, summary.get("stamp_mismatches").getAsInt());
        assertTrue(summary.get("fps").getAsDouble() > 0);
        assertTrue(summary.get("bytes").getAsLong() > 50 * 10_000L, "realistic JPEG sizes: " + summary);
        JsonObject latency = summary.getAsJsonObject("latency_ms");
        assertTrue(latency.get("p50").getAsDouble() > 0);
        assertTrue(latency.get("p99").getAsDouble() >= latency.get("p50").getAsDouble());
        assertTrue(summary.has("skipped"));

        server.destroy(); // SIGTERM, as a service manager would stop it
        assertTrue(server.waitFor(10, TimeUnit.SECONDS), "the server did not exit after SIGTERM");
    }

    @Test
    void sigtermEndsStreamsCleanlyAndTheServerExitsWithinTwoSeconds() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0");
        int port = awaitPort(server, new ArrayList<>());
        Path viewOut = Files.createTempFile("view", ".out");
        Process view = command("view", "--headless", "--target", "127.0.0.1:" + port, "--seconds", "60", "--json")
                .redirectErrorStream(true).redirectOutput(viewOut.toFile()).start();
        processes.add(view);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.readString(viewOut).contains("frames ")) { // the viewer is receiving
            assertTrue(System.nanoTime() < deadline, "the viewer never reported frames: " + Files.readString(viewOut));
            Thread.sleep(100);
        }

        long signalled = System.nanoTime();
        server.destroy(); // SIGTERM
        assertTrue(server.waitFor(5, TimeUnit.SECONDS), "the server did not exit after SIGTERM");
        long exitMillis = (System.nanoTime() - signalled) / 1_000_000;
        assertTrue(view.waitFor(10, TimeUnit.SECONDS), "the viewer did not notice the server leaving");
        String viewOutput = Files.readString(viewOut);
        Files.delete(viewOut);

        assertTrue(exitMillis <= 2000, "the server took " + exitMillis + " ms to exit");
        assertTrue(viewOutput.contains("ended: UNAVAILABLE: camstream server is shutting down"), viewOutput);
        assertTrue(viewOutput.strip().endsWith("}"), "the viewer still printed its summary: " + viewOutput);
    }

    @Test
    void aPublisherFeedsAHubThatViewersWatch() throws Exception {
        Process hub = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", "edge=publish");
        int port = awaitPort(hub, new ArrayList<>());
        Process publisher = start("publish", "--to", "127.0.0.1:" + port, "--camera", "edge", "--size", "320x240",
                "--seconds", "60");

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--camera", "edge",
                "--frames", "20", "--json");
        publisher.destroy();

        assertEquals(0, view.exit, view.toString());
        String[] lines = view.stdout.strip().split("\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(20, summary.get("frames").getAsInt());
        assertEquals(320, summary.get("width").getAsInt());
        assertEquals(0, summary.get("stamp_mismatches").getAsInt(), "the publisher's stamps and metadata survive the hub");
    }

    @Test
    void viewIsALoadToolWithSeveralSubscribers() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240");
        int port = awaitPort(server, new ArrayList<>());

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--subscribers", "5", "--no-decode",
                "--frames", "20", "--json");

        assertEquals(0, view.exit, view.toString());
        String[] lines = view.stdout.strip().split("\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(5, summary.get("subscribers").getAsInt());
        assertTrue(summary.get("frames").getAsInt() >= 100, summary.toString());
        assertTrue(summary.get("fps_min").getAsDouble() > 0);
        assertTrue(summary.get("fps_median").getAsDouble() >= summary.get("fps_min").getAsDouble());
        assertTrue(summary.has("latency_p99_worst_ms"));
        assertEquals(0, summary.get("decode_errors").getAsInt(), "JPEG headers agree with the metadata");
    }

    @Test
    void viewSpeaksTheSamplesProtocolToo() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0");
        int port = awaitPort(server, new ArrayList<>());

        Result view = run("view", "--headless", "--legacy", "--target", "127.0.0.1:" + port, "--frames", "20", "--json");

        assertEquals(0, view.exit, view.toString());
        String[] lines = view.stdout.strip().split("\\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(20, summary.get("frames").getAsInt());
        assertEquals(640, summary.get("width").getAsInt());
        assertEquals("legacy", summary.get("encoder").getAsString());
        assertEquals(0, summary.get("decode_errors").getAsInt());

        Result refused = run("view", "--headless", "--legacy", "--quality", "50");
        assertEquals(2, refused.exit, refused.toString());
        assertTrue(refused.stderr.contains("--legacy cannot ask for"), refused.stderr);
    }

    @Test
    void withoutADisplayViewSaysToUseHeadless() throws Exception {
        ProcessBuilder view = command("view", "--target", "127.0.0.1:1");
        view.environment().remove("DISPLAY");
        Path stderr = Files.createTempFile("view", ".err");
        Process process = view.redirectError(stderr.toFile()).start();
        processes.add(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String message = Files.readString(stderr);
        Files.delete(stderr);

        assertEquals(2, process.exitValue(), message);
        assertTrue(message.contains("no display to open a window on (DISPLAY is not set); add --headless"), message);
    }

    @Test
    void viewShowsTheStreamInAWindowOnARealDisplay() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/Xvfb")),
                "skipped: Xvfb is needed for a real display; .ci/install-test-deps installs it");
        int display = 90 + (int) (ProcessHandle.current().pid() % 9);
        Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", ":" + display, "-screen", "0", "1024x768x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(xvfb);
        Path socket = Path.of("/tmp/.X11-unix/X" + display);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!Files.exists(socket)) {
            assertTrue(xvfb.isAlive() && System.nanoTime() < deadline, "Xvfb :" + display + " did not start");
            Thread.sleep(50);
        }
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0");
        int port = awaitPort(server, new ArrayList<>());

        ProcessBuilder view = command("view", "--target", "127.0.0.1:" + port, "--frames", "30", "--json");
        view.environment().put("DISPLAY", ":" + display);
        Path stdout = Files.createTempFile("view", ".out");
        Process process = view.redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
        processes.add(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the windowed viewer did not finish");
        String output = Files.readString(stdout);
        Files.delete(stdout);

        assertEquals(0, process.exitValue(), output);
        String[] lines = output.strip().split("\\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(30, summary.get("frames").getAsInt());
        assertEquals(0, summary.get("decode_errors").getAsInt());
    }

    @Test
    void aServerRelaysAnotherWithTheOriginalNumbers() throws Exception {
        Process origin = start("server", "--bind", "127.0.0.1", "--port", "0");
        int originPort = awaitPort(origin, new ArrayList<>());
        Process relay = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", "grpc://127.0.0.1:" + originPort);
        int relayPort = awaitPort(relay, new ArrayList<>());

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + relayPort, "--frames", "30", "--json");

        assertEquals(0, view.exit, view.toString());
        String[] lines = view.stdout.strip().split("\\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(30, summary.get("frames").getAsInt());
        // The origin stamped its own numbers into the pictures; the relayed metadata must still agree.
        assertEquals(0, summary.get("stamp_mismatches").getAsInt(), summary.toString());
        assertEquals(0, summary.get("no_signal").getAsInt(), summary.toString());
    }

    @Test
    void theServerUsesTheBestEncoderByDefaultAndSaysSo() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0");
        List<String> serverOutput = new ArrayList<>();
        awaitPort(server, serverOutput);
        synchronized (serverOutput) {
            assertTrue(serverOutput.stream().anyMatch(line -> line.contains("encoder opencv (quality 95, gray)")),
                    serverOutput.toString());
        }
    }

    @Test
    void encodersListsBothPluginsBestFirst() throws Exception {
        Result result = run("encoders");

        assertEquals(0, result.exit, result.toString());
        assertTrue(result.stdout.matches("(?s).*\\nopencv\\s+yes\\s+100\\s+gray,color\\s.*\\nimageio\\s+yes\\s+10\\s+gray,color\\s.*"),
                result.stdout);
        assertTrue(result.stdout.contains("default: opencv"), result.stdout);
    }

    @Test
    void encodersMeasuresEachAvailableEncoder() throws Exception {
        Result result = run("encoders", "--measure", "--size", "320x240", "--frames", "20");

        assertEquals(0, result.exit, result.toString());
        assertTrue(result.stdout.matches("(?s).*\\n320x240\\s+opencv\\s+[0-9.]+\\s.*"), result.stdout);
        assertTrue(result.stdout.matches("(?s).*\\n320x240\\s+imageio\\s+[0-9.]+\\s.*"), result.stdout);
    }

    @Test
    void anUnknownEncoderIsNamedWithTheKnownOnes() throws Exception {
        Result result = run("server", "--encoder", "nope", "--port", "0", "--bind", "127.0.0.1");

        assertEquals(2, result.exit, result.toString());
        assertTrue(result.stderr.contains("unknown encoder 'nope'; available encoders: opencv, imageio"), result.stderr);
    }

    @Test
    void badFlagsGetSpecificMessages() throws Exception {
        Result size = run("server", "--size", "640-480");
        assertEquals(2, size.exit, size.toString());
        assertTrue(size.stderr.contains("'640-480' is not a size; expected WIDTHxHEIGHT"), size.stderr);

        Result source = run("server", "--source", "webcam");
        assertEquals(2, source.exit, source.toString());
        assertTrue(source.stderr.contains("unsupported source 'webcam'; supported: pattern"), source.stderr);

        Result frames = run("view", "--headless", "--frames", "0");
        assertEquals(2, frames.exit, frames.toString());
        assertTrue(frames.stderr.contains("--frames must be at least 1"), frames.stderr);
    }

    @Test
    void aVideoFileIsStreamedAtItsOwnSize(@TempDir Path dir) throws Exception {
        assumeFfmpeg();
        Path clip = writeClip(dir.resolve("clip.mp4"), 60, 320, 240);
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", "file:" + clip);
        List<String> serverOutput = new ArrayList<>();
        int port = awaitPort(server, serverOutput);

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "100", "--json");

        assertEquals(0, view.exit, view.toString());
        String[] lines = view.stdout.strip().split("\n");
        JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
        assertEquals(100, summary.get("frames").getAsInt(), summary.toString());
        assertEquals(320, summary.get("width").getAsInt(), summary.toString());
        assertEquals(240, summary.get("height").getAsInt(), summary.toString());
        assertEquals(0, summary.get("out_of_order").getAsInt());
        assertEquals(0, summary.get("decode_errors").getAsInt());
        synchronized (serverOutput) {
            assertTrue(serverOutput.stream().anyMatch(line -> line.contains("file clip.mp4 (mpeg4, looping) 320x240 at 30.00 fps")),
                    serverOutput.toString());
        }
    }

    @Test
    void withOnceTheServerStopsAtTheEndOfTheFile(@TempDir Path dir) throws Exception {
        assumeFfmpeg();
        Path clip = writeClip(dir.resolve("short.mp4"), 30, 320, 240);

        Result server = run("server", "--bind", "127.0.0.1", "--port", "0", "--source", "file:" + clip, "--once");

        assertEquals(0, server.exit, server.toString());
        assertTrue(server.stdout.contains("the source ended (--once); stopping"), server.toString());
    }

    @Test
    void sourcesThatCanNeverWorkStopTheServerWithAClearMessage(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(Files.exists(Path.of("/dev/video0")), "this machine has a camera at /dev/video0");
        Result camera = run("server", "--source", "camera:0", "--bind", "127.0.0.1", "--port", "0");
        assertEquals(1, camera.exit, camera.toString());
        assertTrue(camera.stderr.contains(
                "camstream server: no camera at index 0 (no /dev/video0); try --source pattern or --source file:PATH"),
                camera.stderr);

        assumeFfmpeg();
        Path missing = dir.resolve("missing.mp4");
        Result file = run("server", "--source", "file:" + missing, "--bind", "127.0.0.1", "--port", "0");
        assertEquals(1, file.exit, file.toString());
        assertTrue(file.stderr.contains("camstream server: no such file: " + missing), file.stderr);
    }

    @Test
    void sourcesListsEveryKindAndTheVideoDevices() throws Exception {
        Result result = run("sources");

        assertEquals(0, result.exit, result.toString());
        String ffmpeg = ffmpegLoads() ? "yes" : "no";
        for (String kind : List.of("pattern\\s+pattern\\s+yes", "camera\\s+camera\\s+yes", "file\\s+file\\s+" + ffmpeg,
                "stream\\s+rtsp,rtsps,http,https\\s+" + ffmpeg)) {
            assertTrue(result.stdout.matches("(?s).*\\n" + kind + "\\s.*"), kind + " in\n" + result.stdout);
        }
        assertTrue(result.stdout.contains("video devices (/dev/video*):"), result.stdout);
    }

    @Test
    void noBytedecoPlatformAggregatorReachesTheModulePath() throws Exception {
        try (var jars = Files.list(ROOT.resolve("modules/cli/target/app"))) {
            List<String> aggregators = jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.contains("-platform-")).toList();
            assertEquals(List.of(), aggregators, "these break --add-modules ALL-MODULE-PATH");
        }
    }

    @Test
    void viewSaysWhenNoServerIsThere() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Result result = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "5");

        assertEquals(1, result.exit, result.toString());
        assertTrue(result.stderr.contains("UNAVAILABLE"), result.stderr);
        assertTrue(result.stderr.contains("is `camstream server` running at 127.0.0.1:" + port), result.stderr);
    }

    /** FFmpeg's natives load here (on Linux they also need libpulse.so.0), or the test is skipped saying why. */
    private static void assumeFfmpeg() {
        Assumptions.assumeTrue(ffmpegLoads(), "FFmpeg natives unavailable (is libpulse0 installed?)");
    }

    private static boolean ffmpegLoads() {
        try {
            FFmpegFrameGrabber.tryLoad();
            return true;
        } catch (Throwable e) {
            return false;
        }
    }

    /** A clip of moving gradients (no stamps: a file's pictures know nothing of the server's numbering). */
    private static Path writeClip(Path file, int frames, int width, int height) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(30);
            recorder.setVideoBitrate(2_000_000);
            recorder.start();
            Frame picture = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) picture.image[0];
            for (int index = 0; index < frames; index++) {
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int offset = y * picture.imageStride + x * 3;
                        pixels.put(offset, (byte) (x + 4 * index));
                        pixels.put(offset + 1, (byte) y);
                        pixels.put(offset + 2, (byte) ((x ^ y) + index));
                    }
                }
                recorder.record(picture, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        return file;
    }

    private Process start(String... args) throws IOException {
        Process process = command(args).redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    private static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("camstream").toString());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(ROOT.toFile());
    }

    private static int awaitPort(Process server, List<String> output) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("server exited: " + output));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            synchronized (output) {
                fail("the server did not start: " + output, e);
            }
            throw e;
        }
    }

    /** Runs a command to completion with standard output and error kept apart. */
    private Result run(String... args) throws Exception {
        Path stdout = Files.createTempFile("camstream-out", ".txt");
        Path stderr = Files.createTempFile("camstream-err", ".txt");
        try {
            Process process = command(args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            processes.add(process);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                fail("camstream " + String.join(" ", args) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    private record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
