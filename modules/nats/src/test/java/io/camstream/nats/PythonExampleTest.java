package io.camstream.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.hub.Hub;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * README's example for other languages, {@code examples/python/nats_frames.py}, run as README says against a
 * real nats-server (127.0.0.1) that a hub publishes to: it prints every frame it reads, and the sizes it
 * prints are those of the very JPEGs a Java reader of the same subject received. Needs Debian's nats-server,
 * python3-protobuf and python3-grpc-tools ({@code .ci/install-test-deps} installs them).
 */
@Timeout(120)
class PythonExampleTest {

    private static final String PYTHON = "/usr/bin/python3";
    /** The .proto, as protoc names it with {@code -I proto}. */
    private static final String PROTO_FILE = "camstream/v1/camstream.proto";
    private static final Path PROTO = Path.of("proto").resolve(PROTO_FILE);
    private static final Path SCRIPT = Path.of("examples", "python", "nats_frames.py");
    private static final Pattern FRAME_LINE =
            Pattern.compile("sequence (\\d+) size (\\d+) bytes age (-?\\d+\\.\\d) ms( NO SIGNAL)?");
    private static final long WAIT_MS = 10_000;

    /** Why the script cannot run here, or null when it can; probed once for all tests. */
    private static String pythonMissing;

    @TempDir
    Path dir;

    private Path root;
    private Path generated;

    @BeforeAll
    static void probePythonWithProtobufAndGrpcTools() throws Exception {
        String missing = PYTHON + " with google.protobuf and grpc_tools is needed to run " + SCRIPT
                + " (Debian's python3-protobuf python3-grpc-tools; .ci/install-test-deps installs them)";
        if (!Files.isExecutable(Path.of(PYTHON))) {
            pythonMissing = missing;
            return;
        }
        Path log = Files.createTempFile("python-probe", ".log");
        try {
            Result probe = run(Path.of("."), Map.of(), log, 30, PYTHON, "-c", "import google.protobuf, grpc_tools");
            pythonMissing = probe.exit == 0 ? null : missing + " (" + probe.stderr.strip() + ")";
        } finally {
            Files.delete(log);
        }
    }

    /** Per test rather than in {@code @BeforeAll}, where Surefire would report 0 tests instead of skipped ones. */
    @BeforeEach
    void generateTheProtobufModuleAsReadmeSays() throws Exception {
        Prerequisite.require(pythonMissing == null, pythonMissing);
        root = repositoryRoot();
        generated = Files.createDirectory(dir.resolve("generated"));
        Result protoc = run(root, Map.of(), dir.resolve("protoc.out"), 60, PYTHON, "-m", "grpc_tools.protoc",
                "-I", "proto", "--python_out=" + generated, PROTO_FILE);
        assertEquals(0, protoc.exit, "protoc failed: " + protoc.stderr);
        assertTrue(Files.isRegularFile(generated.resolve("camstream/v1/camstream_pb2.py")),
                "protoc wrote camstream/v1/camstream_pb2.py, the module the script imports");
    }

    @Test
    void theScriptPrintsFiveFramesWithTheSizesAJavaReaderOfTheSameSubjectGot() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null);
                RawNatsReader java = new RawNatsReader(nats.port(), "camstream.front.frames")) {
            assertNotNull(java.next(WAIT_MS), "the origin publishes before the script starts");

            Result script = runScript("--count", "5", nats.url(), "front");

            assertEquals(0, script.exit, "exit status; stderr: " + script.stderr);
            List<String> lines = script.stdout.lines().toList();
            assertEquals(5, lines.size(), "one line per frame, five frames: " + script.stdout);
            Map<Long, Integer> printedSizes = new HashMap<>();
            long previous = 0;
            for (String line : lines) {
                Matcher frame = FRAME_LINE.matcher(line);
                assertTrue(frame.matches(), "a frame line: " + line);
                long sequence = Long.parseLong(frame.group(1));
                int size = Integer.parseInt(frame.group(2));
                assertTrue(sequence > previous, "sequences increase: " + script.stdout);
                previous = sequence;
                assertTrue(size > 1000, "a 320x240 JPEG is more than 1000 bytes: " + line);
                assertNull(frame.group(4), "the test pattern has a signal: " + line);
                double ageMillis = Double.parseDouble(frame.group(3));
                assertTrue(ageMillis > -1000 && ageMillis < 5000, "a fresh frame, on one machine's clock: " + line);
                printedSizes.put(sequence, size);
            }
            // The Java reader subscribed first, so it got every frame the script printed: same JPEG, same size.
            Map<Long, Integer> javaSizes = new HashMap<>();
            while (!javaSizes.containsKey(previous)) {
                RawNatsReader.Message message = java.next(WAIT_MS);
                assertNotNull(message, "the Java reader got sequence " + previous + " within 10 s");
                VideoFrame frame = VideoFrame.parseFrom(message.payload());
                javaSizes.put(frame.getSequence(), frame.getData().size());
            }
            printedSizes.forEach((sequence, size) -> assertEquals(javaSizes.get(sequence), size,
                    "the JPEG size of sequence " + sequence + " as the Java reader got it"));
            assertTrue(origin.published() >= 5, "published: " + origin.published());
        }
    }

    @Test
    void aClosedPortIsAClearErrorAndANonZeroExit() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        String url = "nats://127.0.0.1:" + closed;

        Result script = runScript("--count", "5", url, "front");

        assertNotEquals(0, script.exit, "exit status; stdout: " + script.stdout);
        assertEquals("", script.stdout, "no frame lines");
        String error = script.stderr.strip();
        assertTrue(error.startsWith("nats_frames.py: cannot connect to " + url + ": ") && error.contains("refused")
                && error.lines().count() == 1, "one line saying what failed, without a traceback: " + error);
    }

    /** The script as README runs it: from the repository's root, with the generated module on PYTHONPATH. */
    private Result runScript(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(PYTHON, SCRIPT.toString()));
        command.addAll(List.of(arguments));
        return run(root, Map.of("PYTHONPATH", generated.toString()), dir.resolve("script.out"), 60,
                command.toArray(String[]::new));
    }

    /** The checkout this test runs in: Maven runs it in modules/nats, an IDE perhaps elsewhere below the root. */
    private static Path repositoryRoot() {
        for (Path candidate = Path.of("").toAbsolutePath(); candidate != null; candidate = candidate.getParent()) {
            if (Files.isRegularFile(candidate.resolve(PROTO)) && Files.isRegularFile(candidate.resolve(SCRIPT))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + PROTO + " and " + SCRIPT + " above " + Path.of("").toAbsolutePath());
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    /** Runs a command to its end, or destroys it and fails after {@code timeoutSeconds}. */
    private static Result run(Path directory, Map<String, String> environment, Path stdout, int timeoutSeconds,
            String... command) throws IOException, InterruptedException {
        Path stderr = stdout.resolveSibling(stdout.getFileName() + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; stdout: "
                    + Files.readString(stdout) + " stderr: " + Files.readString(stderr));
        }
        return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
