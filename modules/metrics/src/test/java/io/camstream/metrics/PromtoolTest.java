package io.camstream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.encode.ColorMode;
import io.camstream.testkit.Prerequisite;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prometheus' own checker, {@code promtool check metrics} (Debian's {@code prometheus} package), reads
 * a real scrape: every family of ours and the JVM's, with traffic on every protocol, adapted frames and
 * ended calls. It parses the text format and lints it (help texts, {@code _total} on counters, base
 * units, snake_case): both must pass, with nothing printed.
 */
@Timeout(60)
class PromtoolTest {

    private static final Optional<Path> PROMTOOL = Arrays.stream(System.getenv().getOrDefault("PATH", "")
            .split(File.pathSeparator)).map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();

    private record Verdict(int exit, String output) {
    }

    @Test
    void promtoolAcceptsTheScrapeWithoutAProblem() throws Exception {
        Prerequisite.require(PROMTOOL.isPresent(), "promtool is not on the PATH (Debian's prometheus package)");
        CamstreamMetrics metrics = new CamstreamMetrics();
        try (Traffic traffic = new Traffic(metrics);
             Traffic.Viewer grpc = traffic.viewer("grpc", traffic.hub.defaultVariant(), 4 << 20);
             Traffic.Viewer legacy = traffic.viewer("legacy", traffic.hub.variant("", 50, ColorMode.COLOR, 0, 0),
                     1500);
             Traffic.Viewer http = traffic.viewer("http", traffic.hub.variant("", 80, ColorMode.GRAY, 80, 60),
                     4 << 20)) {
            grpc.send(3);
            legacy.send(1);
            http.send(2);
            metrics.callEnded("camstream.v1.Camstream/Subscribe", "CANCELLED");
            metrics.callEnded("camstream.v1.Camstream/Snapshot", "OK");
            String scrape = Scrape.of(metrics).text;
            assertTrue(scrape.contains("camstream_frames_adapted_total{camera=\"front\",protocol=\"legacy\"} 1"),
                    "the scrape has the traffic to check:\n" + scrape);

            Verdict verdict = check(scrape);
            assertEquals("", verdict.output(), "promtool found problems");
            assertEquals(0, verdict.exit(), "promtool check metrics failed");
        }
    }

    @Test
    void promtoolDoesFindProblemsSoItsSilenceMeansSomething() throws Exception {
        Prerequisite.require(PROMTOOL.isPresent(), "promtool is not on the PATH (Debian's prometheus package)");
        Verdict verdict = check("# TYPE camstream_encode_milliseconds gauge\ncamstream_encode_milliseconds 1\n");
        assertNotEquals(0, verdict.exit());
        assertTrue(verdict.output().contains("no help text") && verdict.output().contains("base unit"),
                verdict.output());
    }

    private static Verdict check(String scrape) throws IOException, InterruptedException {
        Process promtool = new ProcessBuilder(PROMTOOL.orElseThrow().toString(), "check", "metrics")
                .redirectErrorStream(true).start();
        try (OutputStream in = promtool.getOutputStream()) {
            in.write(scrape.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        return new Verdict(promtool.exitValue(), output.strip());
    }
}
