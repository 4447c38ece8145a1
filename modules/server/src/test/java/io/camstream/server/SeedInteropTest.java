package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.testkit.Picture;
import io.camstream.testkit.Prerequisite;
import io.camstream.testkit.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both directions of compatibility with the original sample, run for real over 127.0.0.1: its own
 * Python {@code Client.py}, unchanged, watches a camstream server, and camstream's client watches
 * its own {@code Server.py}, unchanged. Needs Debian's python3-grpcio, python3-grpc-tools,
 * python3-opencv and python3-numpy ({@code .ci/install-test-deps} installs them); skipped, saying
 * so, when they are missing, except under CI (CI=true), where that fails.
 */
@Timeout(120)
class SeedInteropTest {

    private static final String PYTHON = "/usr/bin/python3";
    private static final Path PYTHON_DIR = Path.of("src/test/python");

    @TempDir
    Path work;

    /** Why the sample's Python cannot run here, or null when it can; probed once for all tests. */
    private static String pythonMissing;

    @BeforeAll
    static void probePythonWithGrpcAndOpenCv() throws Exception {
        String missing = PYTHON + " with grpc, grpc.tools, cv2 and numpy is needed to run the "
                + "sample's Client.py; install them with .ci/install-test-deps";
        if (!Files.isExecutable(Path.of(PYTHON))) {
            pythonMissing = missing;
            return;
        }
        Result probe = run(Path.of("."), 30, PYTHON, "-c", "import grpc, grpc.tools, cv2, numpy");
        String error = probe.output.strip().lines().reduce((first, last) -> last).orElse("");
        pythonMissing = probe.exit == 0 ? null : missing + " (" + error + ")";
    }

    /**
     * Per test, not in {@code @BeforeAll}: Surefire reports a class aborted there as 0 tests run, not
     * as skipped. Under CI (CI=true) a missing Python fails instead: .ci/install-test-deps installs it.
     */
    @BeforeEach
    void requirePythonWithGrpcAndOpenCv() {
        Prerequisite.require(pythonMissing == null, pythonMissing);
    }

    @Test
    void theSamplesClientWatchesCamstream() throws Exception {
        copySeedAndHarness();
        Result generated = run(work, 60, PYTHON, "gen.py");
        assertEquals(0, generated.exit, "the sample's gen.py failed: " + generated.output);

        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(640, 480, 30))
                .bind("127.0.0.1").port(0).start()) {
            Path lastFrame = work.resolve("last.png");
            Result client = run(work, 90, PYTHON, "seed_client_harness.py",
                    String.valueOf(server.port()), "30", lastFrame.toString());

            assertEquals(0, client.exit, "Client.py did not get 30 frames: " + client.output);
            assertTrue(client.output.contains("{\"frames\": 30, \"shapes\": [[480, 640, 3]]}"), client.output);
            // The picture the sample decoded is a real, current camstream frame: its stamp reads back.
            Picture picture = Picture.decode(Files.readAllBytes(lastFrame));
            assertEquals(640, picture.width());
            assertTrue(picture.stamp().isPresent(), "the frame Client.py showed carries camstream's stamp");
        }
    }

    /**
     * The sample repository's later {@code Client.py} reads raw JPEG bytes from a stream of replies: a server with
     * {@link LegacyPayload#JPEG} serves it, and the blog's client, which base64-decodes, cannot read that server.
     */
    @Test
    void theLaterSampleClientWatchesAJpegPayloadServerWhichTheBlogsClientCannotRead() throws Exception {
        copySeedAndHarness();
        Result generated = run(work, 60, PYTHON, "gen.py");
        assertEquals(0, generated.exit, "the sample's gen.py failed: " + generated.output);

        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(640, 480, 30))
                .legacyPayload(LegacyPayload.JPEG).bind("127.0.0.1").port(0).start()) {
            Path lastFrame = work.resolve("last.png");
            String[] command = {PYTHON, "seed_client_harness.py", String.valueOf(server.port()), "30",
                lastFrame.toString()};
            Result later = run(work, 90, Map.of("SEED_CLIENT", "later"), command);

            assertEquals(0, later.exit, "the later Client.py did not get 30 frames: " + later.output);
            assertTrue(later.output.contains("{\"frames\": 30, \"shapes\": [[480, 640, 3]]}"), later.output);
            Picture picture = Picture.decode(Files.readAllBytes(lastFrame));
            assertEquals(640, picture.width());
            assertTrue(picture.stamp().isPresent(), "the frame the later Client.py showed carries camstream's stamp");

            Result blog = run(work, 90, Map.of(), command);
            assertTrue(blog.exit != 0, "the blog's Client.py cannot decode raw JPEG replies: " + blog.output);
        }
    }

    /**
     * The channel SECURITY.md gives the sample's users for a TLS server works, and with an auth file
     * the sample's client is refused, saying how to allow it, until the server has --legacy-open.
     */
    @Test
    void theSamplesClientWatchesATlsServerAsSecurityMdSaysAndNeedsLegacyOpenUnderAuth() throws Exception {
        copySeedAndHarness();
        Result generated = run(work, 60, PYTHON, "gen.py");
        assertEquals(0, generated.exit, "the sample's gen.py failed: " + generated.output);
        TestCertificates ca = TestCertificates.authority(work, "camstream test CA", TestCertificates.KeyType.EC);
        TestCertificates.Issued identity = ca.server("camstream", TestCertificates.KeyType.EC);
        Path authFile = Files.write(work.resolve("auth"), List.of());
        Path lastFrame = work.resolve("last.png");
        for (boolean legacyOpen : new boolean[] {false, true}) {
            try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(320, 240, 30)).port(0)
                    .tls(identity.certificate(), identity.key()).authFile(authFile).legacyOpen(legacyOpen).start()) {
                String[] command = {PYTHON, "seed_client_harness.py", String.valueOf(server.port()), "10",
                    lastFrame.toString(), ca.certificate().toString()};
                if (legacyOpen) {
                    Result client = run(work, 90, command);
                    assertEquals(0, client.exit, "Client.py over TLS did not get 10 frames: " + client.output);
                    assertEquals(320, Picture.decode(Files.readAllBytes(lastFrame)).width());
                } else {
                    // Client.py prints each error's details and tries again, forever: read what it printed.
                    String output = runFor(work, 5, command);
                    assertTrue(output.startsWith("the original sample's MainServer protocol cannot send a token")
                            && output.contains("--legacy-open"), abbreviated(output));
                }
            }
        }
    }

    @Test
    void camstreamsClientWatchesTheSamplesServer() throws Exception {
        copySeedAndHarness();
        Result generated = run(work, 60, PYTHON, "gen.py");
        assertEquals(0, generated.exit, "the sample's gen.py failed: " + generated.output);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(PYTHON, "seed_server_harness.py", String.valueOf(port), "60")
                .directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("server.log").toFile()).start();
        try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + port)) {
            byte[] first = fetchWhenReady(client, server);
            Picture picture = Picture.decode(first);
            assertEquals(640, picture.width());
            assertEquals(480, picture.height());
            // Server.py sends gray JPEGs of the camera's picture: the stand-in's moving bar is white.
            assertEquals(1, picture.channels());
            int different = 0;
            byte[] previous = first;
            for (int i = 0; i < 20; i++) {
                byte[] next = client.fetchLegacyJpeg(Duration.ofSeconds(10));
                assertEquals(640, Picture.decode(next).width());
                different += java.util.Arrays.equals(previous, next) ? 0 : 1;
                previous = next;
                Thread.sleep(40);
            }
            assertTrue(different >= 10,
                    "the sample's server streams a moving picture; only " + different + " of 20 changed");
        } finally {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The sample's server fails requests until its camera delivered a frame, so ask until it answers. */
    private byte[] fetchWhenReady(CamstreamClient client, Process server) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return client.fetchLegacyJpeg(Duration.ofSeconds(5));
            } catch (io.grpc.StatusException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    fail("the sample's Server.py never answered (" + e.getStatus() + "): "
                            + Files.readString(work.resolve("server.log")));
                }
                Thread.sleep(200);
            }
        }
    }

    private void copySeedAndHarness() throws IOException {
        try (Stream<Path> seed = Files.list(PYTHON_DIR.resolve("seed"))) {
            for (Path file : seed.toList()) {
                Files.copy(file, work.resolve(file.getFileName().toString()));
            }
        }
        for (String harness : List.of("seed_client_harness.py", "seed_server_harness.py")) {
            Files.copy(PYTHON_DIR.resolve(harness), work.resolve(harness));
        }
    }

    private record Result(int exit, String output) {
    }

    /** What a command that runs until stopped printed in its first {@code seconds}. */
    private static String runFor(Path directory, int seconds, String... command) throws Exception {
        Path log = Files.createTempFile("python", ".log");
        try {
            Process process = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (process.waitFor(seconds, TimeUnit.SECONDS)) {
                fail(String.join(" ", command) + " exited (" + process.exitValue() + ") instead of retrying: "
                        + abbreviated(Files.readString(log, StandardCharsets.UTF_8)));
            }
            process.destroyForcibly().waitFor();
            return Files.readString(log, StandardCharsets.UTF_8);
        } finally {
            Files.delete(log);
        }
    }

    private static String abbreviated(String output) {
        return output.length() <= 2000 ? output : output.substring(0, 2000) + "... (" + output.length() + " chars)";
    }

    private static Result run(Path directory, int timeoutSeconds, String... command) throws Exception {
        return run(directory, timeoutSeconds, Map.of(), command);
    }

    private static Result run(Path directory, int timeoutSeconds, Map<String, String> environment, String... command)
            throws Exception {
        Path log = Files.createTempFile("python", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s: "
                        + abbreviated(Files.readString(log, StandardCharsets.UTF_8)));
            }
            return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.delete(log);
        }
    }
}
