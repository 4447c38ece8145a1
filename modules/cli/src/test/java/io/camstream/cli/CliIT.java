package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.testkit.Prerequisite;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server, the viewer, the publisher and the encoder list, as users run them. */
@Timeout(180)
class CliIT extends CamstreamProcesses {

    /** The root pom's turbojpeg profile is active, so the launcher's runtime has the turbojpeg plugin. */
    private static final boolean TURBOJPEG_BUILT = Files.exists(Path.of("/usr/share/java/turbojpeg.jar"));
    /** Where Debian's binding loads libturbojpeg from (libturbojpeg0-dev's symlink). */
    private static final Path TURBOJPEG_LIBRARY = Path.of("/usr/lib/x86_64-linux-gnu/libturbojpeg.so");

    @ParameterizedTest
    @ValueSource(strings = {"opencv", "imageio"})
    void viewWatchesAServerAndReportsJson(String encoder) throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--encoder", encoder);
        List<String> serverOutput = new ArrayList<>();
        int port = awaitPort(server, serverOutput);

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "50", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(50, summary.get("frames").getAsInt(), summary.toString());
        assertEquals(640, summary.get("width").getAsInt());
        assertEquals(480, summary.get("height").getAsInt());
        assertEquals(encoder, summary.get("encoder").getAsString());
        assertEquals(0, summary.get("out_of_order").getAsInt());
        // Each frame's skipped counts the numbers missed since the previous one (the first's is 0),
        // so received plus skipped covers every number from the first to the last, exactly.
        long span = summary.get("last_sequence").getAsLong() - summary.get("first_sequence").getAsLong() + 1;
        assertEquals(span, 50 + summary.get("skipped").getAsLong(), "received + skipped = sequence span: " + summary);
        assertEquals(0, summary.get("decode_errors").getAsInt());
        assertEquals(0, summary.get("stamp_mismatches").getAsInt());
        // 49 intervals between first and last arrival, all within the run (the JSON rounds to 3 decimals).
        assertTrue(summary.get("fps").getAsDouble() >= 49 / summary.get("seconds").getAsDouble() * 0.999,
                "fps measured over the arrivals: " + summary);
        assertTrue(summary.get("bytes").getAsLong() > 50 * 10_000L, "realistic JPEG sizes: " + summary);
        JsonObject latency = summary.getAsJsonObject("latency_ms");
        assertTrue(latency.get("p50").getAsDouble() > 0, "capture precedes arrival on one clock: " + latency);
        assertTrue(latency.get("p50").getAsDouble() < 1000, "frames arrive live, not queued: " + latency);
        assertEquals(latency.get("max").getAsDouble(), latency.get("p99").getAsDouble(),
                "of 50 frames, the nearest-rank p99 is the slowest: " + latency);
        // Each stage measured, in order, on this machine's one clock: plausible values, p50 <= p99.
        JsonObject stages = summary.getAsJsonObject("stages");
        for (String stage : List.of("wait_ms", "encode_ms", "send_network_ms", "decode_ms")) {
            JsonObject times = stages.getAsJsonObject(stage);
            assertTrue(times != null && times.get("p50").getAsDouble() >= 0
                    && times.get("p50").getAsDouble() <= times.get("p99").getAsDouble()
                    && times.get("p99").getAsDouble() < 1000, stage + ": " + stages);
        }
        assertTrue(stages.getAsJsonObject("encode_ms").get("p50").getAsDouble() > 0, "a 640x480 encode takes time");
        assertTrue(stages.getAsJsonObject("decode_ms").get("p50").getAsDouble() > 0, "so does its decode");
        // Wait, encode and send + network split each frame's latency, so none is longer than the longest latency.
        for (String stage : List.of("wait_ms", "encode_ms", "send_network_ms")) {
            assertTrue(stages.getAsJsonObject(stage).get("p99").getAsDouble()
                    <= latency.get("max").getAsDouble() + 0.002, stage + " within the latency: " + summary);
        }

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

        // In colour, as the publisher sends: its JPEGs go to the viewer as they are, encoded by nobody here.
        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--camera", "edge",
                "--color", "--frames", "20", "--json");
        publisher.destroy();

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(20, summary.get("frames").getAsInt());
        assertEquals(320, summary.get("width").getAsInt());
        assertEquals(0, summary.get("stamp_mismatches").getAsInt(),
                "the publisher's stamps and metadata survive the hub");
        assertEquals("passthrough", summary.get("encoder").getAsString(), summary.toString());
        JsonObject stages = summary.getAsJsonObject("stages");
        assertFalse(stages.has("wait_ms") || stages.has("encode_ms"), "nothing was encoded: " + stages);
        JsonObject send = stages.getAsJsonObject("send_network_ms");
        assertTrue(send.get("p50").getAsDouble() > 0 && send.get("p50").getAsDouble() <= send.get("p99").getAsDouble()
                && send.get("p99").getAsDouble() < 1000, "capture to arrival, on one machine: " + stages);
    }

    @Test
    void viewIsALoadToolWithSeveralSubscribers() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240");
        int port = awaitPort(server, new ArrayList<>());

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--subscribers", "5", "--no-decode",
                "--frames", "20", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(5, summary.get("subscribers").getAsInt());
        assertEquals(100, summary.get("frames").getAsInt(), "each subscriber counts its first 20: " + summary);
        // Each subscriber's 20 frames arrived within the run: at least 19 intervals over its seconds
        // (the JSON rounds to 3 decimals).
        double floor = 19 / summary.get("seconds").getAsDouble() * 0.999;
        assertTrue(summary.get("fps_min").getAsDouble() >= floor, "the slowest subscriber's rate: " + summary);
        assertTrue(summary.get("fps_median").getAsDouble() >= floor, "the median subscriber's rate: " + summary);
        // Of 20 frames a subscriber's nearest-rank p99 is its slowest, so the worst p99 is the slowest overall.
        assertEquals(summary.getAsJsonObject("latency_ms").get("max").getAsDouble(),
                summary.get("latency_p99_worst_ms").getAsDouble(), summary.toString());
        // Per subscriber, received plus skipped is its own sequence span, which lies within the overall one.
        long span = summary.get("last_sequence").getAsLong() - summary.get("first_sequence").getAsLong() + 1;
        long skipped = summary.get("skipped").getAsLong();
        assertTrue(skipped >= 0 && 100 + skipped <= 5 * span, "skipped within the sequence spans: " + summary);
        assertEquals(0, summary.get("out_of_order").getAsInt());
        assertEquals(0, summary.get("decode_errors").getAsInt(), "JPEG headers agree with the metadata");
    }

    @Test
    void viewSpeaksTheSamplesProtocolToo() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0");
        int port = awaitPort(server, new ArrayList<>());

        Result view = run("view", "--headless", "--legacy", "--target", "127.0.0.1:" + port, "--frames", "20",
                "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(20, summary.get("frames").getAsInt());
        assertEquals(640, summary.get("width").getAsInt());
        assertEquals("legacy", summary.get("encoder").getAsString());
        assertEquals(0, summary.get("decode_errors").getAsInt());

        Result refused = run("view", "--headless", "--legacy", "--quality", "50");
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("--legacy cannot ask for"), refused.stderr());
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
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/Xvfb")),
                "/usr/bin/Xvfb is needed for a real display; .ci/install-test-deps installs it (Debian's xvfb)");
        int display = 90 + (int) (ProcessHandle.current().pid() % 9);
        Process xvfb = new ProcessBuilder("/usr/bin/Xvfb", ":" + display, "-screen", "0", "1024x768x24",
                "-nolisten", "tcp")
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
        Process relay = start("server", "--bind", "127.0.0.1", "--port", "0",
                "--source", "grpc://127.0.0.1:" + originPort);
        int relayPort = awaitPort(relay, new ArrayList<>());

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + relayPort, "--frames", "30", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
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
    void encodersListsEveryPluginBestFirst() throws Exception {
        Result result = run("encoders");

        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.stdout().matches("(?s).*\\nopencv\\s+yes\\s+100\\s+gray,color\\s.*"
                + "\\nopencv-strips\\s+yes\\s+90\\s+gray,color\\s.*\\nimageio\\s+yes\\s+10\\s+gray,color\\s.*"),
                result.stdout());
        assertTrue(result.stdout().contains("default: opencv"), result.stdout());
    }

    @Test
    void encodersMeasuresEachAvailableEncoder() throws Exception {
        Result result = run("encoders", "--measure", "--size", "320x240", "--frames", "20");

        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.stdout().matches("(?s).*\\n320x240\\s+opencv\\s+[0-9.]+\\s.*"), result.stdout());
        assertTrue(result.stdout().matches("(?s).*\\n320x240\\s+imageio\\s+[0-9.]+\\s.*"), result.stdout());
    }

    @Test
    void anUnknownEncoderIsNamedWithTheKnownOnes() throws Exception {
        Result result = run("server", "--encoder", "nope", "--port", "0", "--bind", "127.0.0.1");

        assertEquals(2, result.exit(), result.toString());
        String turbojpeg = TURBOJPEG_BUILT && Files.exists(TURBOJPEG_LIBRARY) ? "turbojpeg, " : "";
        assertTrue(result.stderr().contains("unknown encoder 'nope'; available encoders: opencv, " + turbojpeg
                + "opencv-strips, imageio"), result.stderr());
    }

    @Test
    void theTurboJpegEncoderIsListedAndServesWhereItIsBuilt() throws Exception {
        Prerequisite.require(TURBOJPEG_BUILT, "Debian's libturbojpeg-java (/usr/share/java/turbojpeg.jar): without it"
                + " the build has no turbojpeg plugin");
        Result encoders = run("encoders");
        assertTrue(encoders.stdout().matches("(?s).*\\nopencv\\s+yes\\s+100\\s.*"
                + "\\nturbojpeg\\s+yes\\s+95\\s+gray,color\\s.*\\nopencv-strips\\s+yes\\s+90\\s.*"),
                encoders.stdout());
        assertTrue(encoders.stdout().contains("default: opencv"), encoders.stdout());

        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--encoder", "turbojpeg");
        List<String> serverOutput = new ArrayList<>();
        int port = awaitPort(server, serverOutput);
        synchronized (serverOutput) {
            assertTrue(serverOutput.stream().anyMatch(line -> line.contains("encoder turbojpeg (quality 95, gray)")),
                    serverOutput.toString());
        }
        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "20", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(20, summary.get("frames").getAsInt(), summary.toString());
        assertEquals("turbojpeg", summary.get("encoder").getAsString());
        assertEquals(0, summary.get("decode_errors").getAsInt());
        assertEquals(0, summary.get("stamp_mismatches").getAsInt());
    }

    @Test
    void badFlagsGetSpecificMessages() throws Exception {
        Result size = run("server", "--size", "640-480");
        assertEquals(2, size.exit(), size.toString());
        assertTrue(size.stderr().contains("'640-480' is not a size; expected WIDTHxHEIGHT"), size.stderr());

        Result source = run("server", "--source", "webcam");
        assertEquals(2, source.exit(), source.toString());
        assertTrue(source.stderr().contains("unsupported source 'webcam'; supported: pattern"), source.stderr());

        Result frames = run("view", "--headless", "--frames", "0");
        assertEquals(2, frames.exit(), frames.toString());
        assertTrue(frames.stderr().contains("--frames must be at least 1"), frames.stderr());
    }

    @Test
    void viewSaysWhenNoServerIsThere() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Result result = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "5");

        assertEquals(1, result.exit(), result.toString());
        assertTrue(result.stderr().contains("UNAVAILABLE"), result.stderr());
        assertTrue(result.stderr().contains("is `camstream server` running at 127.0.0.1:" + port), result.stderr());
    }
}
