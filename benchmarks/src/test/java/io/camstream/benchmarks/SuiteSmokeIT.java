package io.camstream.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * The CI smoke run: the shaded {@code benchmarks.jar} (as users run it, on the class path, plugins
 * found through its merged META-INF/services) runs the whole suite in {@code --smoke} mode: every
 * JMH benchmark once for 0.1 s at 640x480, the 4 MiB table at 640x480, and every fan-out design
 * (the raw-socket ceiling too) with 2 clients for 2 s, plus tjbench when it is installed (under CI it
 * must be). Only that everything ran and produced sane results is checked; the numbers themselves are
 * not (the machine is shared).
 */
class SuiteSmokeIT {

    private static final Path JAR = Path.of("target", "benchmarks.jar");
    private static final Path OUT = Path.of("target", "smoke");

    @Test
    void everyPartOfTheSuiteRunsAndReports() throws Exception {
        assertTrue(Files.isRegularFile(JAR), "the package phase built " + JAR);
        Files.createDirectories(OUT);
        List<String> benchmarks = run(List.of("-jar", JAR.toString(), "-l"), OUT.resolve("list.log")).lines()
                .map(String::trim).filter(l -> l.startsWith("io.camstream.benchmarks.")).toList();
        assertEquals(7, benchmarks.size(), "the hot path and its three stages (gray has two methods),"
                + " passthrough, and the send path's BGR to JPEG: " + benchmarks);

        Path tjbench = tjbenchIfInstalled();
        List<String> suite = new ArrayList<>(List.of("-cp", JAR.toString(), Suite.class.getName(), "--smoke", "--out",
                OUT.toString()));
        if (tjbench != null) {
            suite.addAll(List.of("--tjbench", tjbench.toString()));
        }
        run(suite, OUT.resolve("suite.log"));

        JsonArray jmh = JsonParser.parseString(Files.readString(OUT.resolve("jmh.json"))).getAsJsonArray();
        for (String benchmark : benchmarks) {
            List<JsonObject> results = objects(jmh)
                    .filter(r -> r.get("benchmark").getAsString().equals(benchmark)).toList();
            assertFalse(results.isEmpty(), "no result for " + benchmark);
            results.forEach(r -> assertTrue(r.getAsJsonObject("primaryMetric").get("score").getAsDouble() > 0,
                    r.toString()));
        }
        Set<String> hotPathRuns = objects(jmh).filter(r -> r.get("benchmark").getAsString().endsWith("grayJpegBase64"))
                .map(r -> r.getAsJsonObject("params").get("encoder").getAsString() + "/"
                        + r.getAsJsonObject("params").get("color").getAsString())
                .collect(Collectors.toSet());
        for (String encoder : availableEncoders()) {
            assertTrue(hotPathRuns.containsAll(Set.of(encoder + "/GRAY", encoder + "/COLOR")),
                    "hot path runs: " + hotPathRuns);
        }

        Set<String> passthroughRuns = objects(jmh)
                .filter(r -> r.get("benchmark").getAsString().endsWith("PassthroughBenchmark.frameToViewers"))
                .map(r -> r.getAsJsonObject("params").get("path").getAsString()).collect(Collectors.toSet());
        assertEquals(Set.of("passthrough", "reencode"), passthroughRuns);

        List<String> csv = Files.readAllLines(OUT.resolve("message-limit.csv"));
        assertEquals(1 + availableEncoders().size() * 2 * 2, csv.size(), "640x480 × encoders × colours × 2 qualities");

        JsonArray fanOut = JsonParser.parseString(Files.readString(OUT.resolve("fanout.json"))).getAsJsonArray();
        assertEquals(Set.of("camstream", "seed"),
                objects(fanOut).map(r -> r.get("design").getAsString()).collect(Collectors.toSet()));
        JsonArray http = JsonParser.parseString(Files.readString(OUT.resolve("http-fanout.json"))).getAsJsonArray();
        assertEquals(Set.of("http", "camstream", "raw"),
                objects(http).map(r -> r.get("design").getAsString()).collect(Collectors.toSet()));
        JsonArray sendPath = JsonParser.parseString(Files.readString(OUT.resolve("send-path.json")))
                .getAsJsonArray();
        assertEquals(List.of("camstream", "raw"), objects(sendPath).map(r -> r.get("design").getAsString()).toList());
        for (JsonObject r : Stream.of(objects(fanOut), objects(http), objects(sendPath)).flatMap(s -> s).toList()) {
            assertEquals(2, r.get("subscribers").getAsInt());
            assertTrue(r.get("framesDelivered").getAsLong() > 0, "frames were delivered: " + r);
            assertTrue(r.get("fpsMin").getAsDouble() > 0, "both clients got frames: " + r);
            assertTrue(r.get("serverCpuSeconds").getAsDouble() > 0, "the server's CPU time was read: " + r);
            // Every design's pictures are JPEGs (base64 text for seed) of some kilobytes each.
            assertTrue(r.get("bytesDelivered").getAsLong() > 1000 * r.get("framesDelivered").getAsLong(),
                    "the pictures' bytes were counted: " + r);
            assertTrue(r.get("serverCpuNsPerByte").getAsDouble() > 0, "CPU per byte: " + r);
            // With two clients the median rate is their mean: all frames delivered, over the window, per client.
            double meanFps = r.get("framesDelivered").getAsLong() / r.get("windowSeconds").getAsDouble() / 2;
            assertEquals(meanFps, r.get("fpsMedian").getAsDouble(), meanFps * 1e-9, "median of two clients: " + r);
            // Server and clients share this machine's clock: a frame arrives after its capture, and live.
            double p50 = r.get("latencyP50Ms").getAsDouble();
            assertTrue(p50 > 0 && p50 < 1000, "latency from capture is measured: " + r);
            assertEquals(0, r.get("errors").getAsLong(), "no stream failed: " + r);
        }

        String report = Files.readString(OUT.resolve("report.md"));
        for (String section : List.of("## Hot path", "## Where the time goes", "## The 4 MiB limit",
                "## MJPEG passthrough", "## Fan-out", "## MJPEG over HTTP next to gRPC",
                "## Against the issue's targets", "raw socket (ceiling)", "CPU per byte ÷ raw", "- JDK: ",
                "- CPU: ", "## The send path", "- Latency on loopback, 640x480, 10 viewers",
                "- Server CPU per byte within 1.5 × the raw socket's: 640x480 × 2")) {
            assertTrue(report.contains(section), "the report has " + section);
        }
        assertTrue(report.contains(tjbench != null ? "hot path ÷ tjbench" : "tjbench results are missing"));
        if (tjbench != null) {
            assertTrue(report.contains("| 640x480 | 80 | opencv |"), "the send path's hot path ÷ tjbench table");
        }
    }

    /**
     * tjbench's figures for the smoke frame, or null (and nothing to check) when tjbench is not
     * installed; under CI (CI=true) it must be, as .ci/install-test-deps installs it.
     */
    private static Path tjbenchIfInstalled() throws Exception {
        boolean installed = System.getenv("PATH") != null
                && Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                        .anyMatch(dir -> Files.isExecutable(Path.of(dir, "tjbench")));
        String missing = "tjbench is not on PATH; .ci/install-test-deps installs it (Debian's libjpeg-turbo-progs)";
        if (!installed && Boolean.parseBoolean(System.getenv("CI"))) {
            fail("CI=true, so the tjbench part may not be skipped: " + missing);
        }
        if (!installed) {
            // Only this part is skipped: the rest of the suite runs and is checked without it.
            System.err.println("SuiteSmokeIT: tjbench part skipped: " + missing);
            return null;
        }
        Path frame = OUT.resolve("frame-640x480.ppm");
        TestFrames.writePpm(TestFrames.bgr(new Resolution(640, 480), 1).get(0), frame);
        Path output = OUT.resolve("tjbench.txt");
        Process tjbench = new ProcessBuilder("bash", "tjbench.sh", "--benchtime", "0.1", output.toString(),
                frame.toString())
                .redirectErrorStream(true).redirectOutput(OUT.resolve("tjbench.log").toFile()).start();
        finish(tjbench, "tjbench.sh", OUT.resolve("tjbench.log"));
        return output;
    }

    private static String run(List<String> javaArgs, Path log) throws Exception {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(javaArgs);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        finish(process, String.join(" ", javaArgs), log);
        return Files.readString(log);
    }

    private static void finish(Process process, String what, Path log) throws InterruptedException, IOException {
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                fail(what + " did not finish within 5 minutes; see " + log.toAbsolutePath());
            }
            assertEquals(0, process.exitValue(), what + " failed:\n" + Files.readString(log));
        } finally {
            process.destroyForcibly();
        }
    }

    private static List<String> availableEncoders() {
        return Encoders.discover().all().stream().filter(p -> p.availability().available())
                .map(EncoderProvider::name).toList();
    }

    private static Stream<JsonObject> objects(JsonArray array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonElement::getAsJsonObject);
    }
}
