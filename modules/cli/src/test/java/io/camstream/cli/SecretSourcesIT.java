package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.client.CamstreamClient;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Prerequisite;
import io.camstream.testkit.VideoClips;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * No secret of a {@code --source} leaves the real server: not its output (start-up lines, the
 * supervisor's down and retry lines, FFmpeg's own stderr), not any RPC's answer, not the command's
 * error messages. Port 9 of 127.0.0.1 refuses at once, so the source (an RTSP or HTTP stream, or a
 * relay) is down from the start and the camera shows NO SIGNAL: when a server talks most about its
 * source. Each check also finds the redacted form where the source is named, so saying nothing at
 * all would not pass.
 */
@Timeout(180)
class SecretSourcesIT extends CamstreamProcesses {

    private static final String SECRET = "S3cr3tPw";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rtsp://admin:S3cr3tPw@127.0.0.1:9/live | rtsp://admin:***@127.0.0.1:9/live | Could not open input",
        "http://127.0.0.1:9/cam.mjpg?user=admin&password=S3cr3tPw"
                + " | http://127.0.0.1:9/cam.mjpg?user=admin&password=*** | Could not open input",
        // A relay opens without connecting: it fails on its first grab, through the same boundary. Its
        // secret is a token, in a file (TOKEN_FILE: the test writes the secret there).
        "grpc://127.0.0.1:9/cam?token-file=TOKEN_FILE | grpc://127.0.0.1:9/cam?token-file=TOKEN_FILE | UNAVAILABLE",
    })
    void noSecretOfADownSourceLeavesTheServer(String source, String shown, String reason, @TempDir Path dir)
            throws Exception {
        if (!source.startsWith("grpc:")) {
            requireFfmpeg();
        }
        if (source.contains("TOKEN_FILE")) {
            String tokenFile = Files.writeString(dir.resolve("relay.token"), SECRET).toString();
            source = source.replace("TOKEN_FILE", tokenFile);
            shown = shown.replace("TOKEN_FILE", tokenFile);
        }
        ProcessBuilder command = command("server", "--bind", "127.0.0.1", "--port", "0", "--source", source);
        command.environment().put("CAMSTREAM_JAVA_OPTS", "-Djava.util.logging.config.file=" + debugLogging(dir));
        Process server = start(command);
        List<String> output = new ArrayList<>();
        int port = awaitPort(server, output);

        List<String> answers = new ArrayList<>();
        String described;
        try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + port)) {
            DescribeResponse describe = client.describe(Duration.ofSeconds(10));
            answers.add(describe.toString());
            described = describe.getCameras(0).getSource();
            answers.addAll(noSignalFrames(client, 3));
            answers.add(answer(() -> withoutPicture(client.snapshot(SnapshotRequest.getDefaultInstance(),
                    Duration.ofSeconds(10)))));
            var health = HealthGrpc.newBlockingStub(client.channel()).withDeadlineAfter(10, TimeUnit.SECONDS);
            for (String service : List.of("", "camstream.v1.Camstream", "camstream.v1.Camstream/default",
                    "MainServer")) {
                answers.add(answer(() -> health.check(HealthCheckRequest.newBuilder().setService(service).build())));
            }
        }
        // Retries are logged at DEBUG, each with the reason the source failed again.
        awaitLine(server, output, "reopen attempt 2 failed");
        Result sources = run("sources");
        server.destroy();
        server.waitFor(20, TimeUnit.SECONDS);

        List<String> printed;
        synchronized (output) {
            printed = List.copyOf(output);
        }
        String lines = String.join("\n", printed);
        String everything = lines + "\n" + String.join("\n", answers) + "\n" + sources;
        assertFalse(everything.contains(SECRET), everything);
        assertTrue(described.contains(shown), "Describe names the source redacted: " + described);
        assertTrue(lines.contains("source " + shown + " is down ("), lines);
        String named = shown;
        assertTrue(printed.stream().anyMatch(line -> line.startsWith("camstream server: ") && line.contains(named)),
                lines);
        assertTrue(lines.contains(reason), "the reason it failed is kept, scrubbed: " + lines);
        assertTrue(sources.stdout().contains("stream "), sources.toString());
    }

    @Test
    void aSourceThatCannotStartIsNamedRedactedInTheError() throws Exception {
        requireFfmpeg();
        for (String source : List.of("rtmp://admin:S3cr3tPw@127.0.0.1:9/live",
                "rtsp://admin:S3cr3tPw@127.0.0.1:9/a live", "file:/nonexistent/clip.mp4?token=S3cr3tPw",
                "grpc://relay:S3cr3tPw@127.0.0.1:9/cam")) {
            Result server = run("server", "--bind", "127.0.0.1", "--port", "0", "--source", source);

            assertNotEquals(0, server.exit(), server.toString());
            assertFalse(server.toString().contains(SECRET), server.toString());
            String shown = source.replace(SECRET, "***");
            assertTrue(server.stderr().contains(shown), shown + " in " + server);
        }
    }

    /** A few frames of a subscription, each shown without its picture: the camera is down, so NO SIGNAL. */
    private static List<String> noSignalFrames(CamstreamClient client, int count) throws InterruptedException {
        List<String> frames = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch received = new CountDownLatch(count);
        Subscription subscription = client.subscribe(SubscribeRequest.getDefaultInstance(), new FrameListener() {
            @Override
            public void onFrame(VideoFrame frame) {
                frames.add(withoutPicture(frame));
                if (frame.getNoSignal()) {
                    received.countDown();
                }
            }

            @Override
            public void onEnd(Status status) {
                frames.add(status.toString());
            }
        });
        try {
            assertTrue(received.await(30, TimeUnit.SECONDS), "NO SIGNAL frames: " + frames);
        } finally {
            subscription.cancel();
        }
        return frames;
    }

    private static String withoutPicture(VideoFrame frame) {
        return frame.toBuilder().clearData().build().toString();
    }

    /** What a call answered, or how it failed. */
    private static String answer(Callable<Object> call) throws Exception {
        try {
            return call.call().toString();
        } catch (StatusRuntimeException e) {
            return e.getStatus().toString();
        }
    }

    /** java.util.logging at every level for camstream's own loggers: the supervisor logs retries at DEBUG. */
    private static Path debugLogging(Path dir) throws Exception {
        return Files.writeString(dir.resolve("logging.properties"), String.join("\n",
                "handlers = java.util.logging.ConsoleHandler",
                "java.util.logging.ConsoleHandler.level = ALL",
                ".level = INFO",
                "io.camstream.level = ALL",
                ""));
    }

    private static void requireFfmpeg() {
        Prerequisite.require(VideoClips.unavailable() == null, String.valueOf(VideoClips.unavailable()));
    }
}
