package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.client.CamstreamClient;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.DescribeResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How the real processes start and stop: the server listens at once whatever its sources do, a viewer
 * stopped by a signal still reports, and a display that does not answer is one line.
 */
@Timeout(120)
class StartAndStopIT extends CamstreamProcesses {

    private static final Pattern FRAMES = Pattern.compile("frames (\\d+) ");

    @Test
    void viewStoppedBySigtermPrintsItsSummaryAndJsonAndExitsZero() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240");
        int port = awaitPort(server, new ArrayList<>());
        Path stdout = Files.createTempFile("view", ".out");
        Path stderr = Files.createTempFile("view", ".err");
        try {
            // --frames it will not reach: a signal means "stop now", which is not a failure.
            Process view = command("view", "--headless", "--target", "127.0.0.1:" + port, "--json",
                    "--frames", "1000000").redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            processes.add(view);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (framesReported(Files.readString(stderr)) < 10) {
                assertTrue(view.isAlive() && System.nanoTime() < deadline, "the viewer never reported 10 frames: "
                        + Files.readString(stderr));
                Thread.sleep(100);
            }

            view.destroy(); // SIGTERM, as Ctrl-C's SIGINT would
            assertTrue(view.waitFor(15, TimeUnit.SECONDS), "the viewer did not stop after SIGTERM");

            String err = Files.readString(stderr);
            String out = Files.readString(stdout);
            assertEquals(0, view.exitValue(), err + out);
            String[] lines = out.strip().split("\\n");
            JsonObject summary = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
            long frames = summary.get("frames").getAsLong();
            assertTrue(frames >= 10, "what it measured until stopped: " + summary);
            assertEquals(frames, framesReported(err), "the last status line is the summary's: " + err);
            assertEquals(0, summary.get("out_of_order").getAsInt(), summary.toString());
            assertEquals(0, summary.get("decode_errors").getAsInt(), summary.toString());
            assertEquals(320, summary.get("width").getAsInt(), summary.toString());
            assertFalse(err.contains("Exception"), err);
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    @Test
    void aDisplayThatDoesNotAnswerIsOneLineSuggestingHeadless() throws Exception {
        int display = 99;
        while (Files.exists(Path.of("/tmp/.X11-unix/X" + display))) {
            display++;
        }
        ProcessBuilder view = command("view", "--target", "127.0.0.1:1");
        view.environment().put("DISPLAY", ":" + display);
        Path stderr = Files.createTempFile("view", ".err");
        try {
            Process process = view.redirectError(stderr.toFile()).start();
            processes.add(process);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the viewer did not give up");
            String err = Files.readString(stderr);

            assertEquals(2, process.exitValue(), err);
            assertEquals(List.of("camstream view: no display to open a window on (cannot connect to DISPLAY=:" + display
                    + "); add --headless to watch from the terminal",
                    "see 'camstream view --help' for the options"), err.lines().toList());
        } finally {
            Files.delete(stderr);
        }
    }

    @Test
    void theServerListensAtOnceWhileAnRtspCameraNeverAnswers() throws Exception {
        SourcesIT.requireFfmpeg();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept()); // accepted, never answered
                    }
                } catch (IOException closed) {
                    held.forEach(StartAndStopIT::closeQuietly);
                }
            }, "silent-rtsp-camera");
            acceptor.setDaemon(true);
            acceptor.start();

            long started = System.nanoTime();
            Process server = start("server", "--bind", "127.0.0.1", "--port", "0",
                    "--source", "door=rtsp://127.0.0.1:" + silent.getLocalPort() + "/live", "--source", "desk=pattern");
            List<String> output = new ArrayList<>();
            int port = awaitPort(server, output);
            double seconds = (System.nanoTime() - started) / 1e9;

            // Before: about 20 s, the time an open may take. Now: JVM start-up and a 1 s wait for verdicts.
            assertTrue(seconds < 10, "listening after " + seconds + " s: " + output);
            try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + port)) {
                DescribeResponse described = client.describe(Duration.ofSeconds(10));
                Map<String, CameraInfo> cameras = described.getCamerasList().stream()
                        .collect(Collectors.toMap(CameraInfo::getName, Function.identity()));
                assertFalse(cameras.get("door").getLive(), "still opening: " + described);
                assertTrue(cameras.get("desk").getSource().contains("test pattern"), described.toString());
            }
            Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--camera", "door",
                    "--frames", "2", "--json");
            assertEquals(0, view.exit(), view.toString());
            assertEquals(2, lastJson(view).get("no_signal").getAsInt(), "NO SIGNAL meanwhile: " + view);
        }
    }

    private static long framesReported(String statusLines) {
        long frames = -1;
        Matcher matcher = FRAMES.matcher(statusLines);
        while (matcher.find()) {
            frames = Long.parseLong(matcher.group(1));
        }
        return frames;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing a test's connection
        }
    }
}
