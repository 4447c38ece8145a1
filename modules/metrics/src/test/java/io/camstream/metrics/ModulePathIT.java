package io.camstream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus' jars are automatic modules: a program on the real module path that requires only
 * {@code io.camstream.metrics} (launched with {@code -m}, no {@code --add-modules}) gets every family, the
 * JVM's included. Unit tests run on the class path and would not notice a module that fails to resolve,
 * a package the automatic modules do not reach, or JVM metrics whose MXBeans are not in the module graph.
 */
@Timeout(120)
class ModulePathIT {

    /** The metrics module and what it needs, plus the imageio encoder (TwelveMonkeys) for the hub to encode with. */
    private static final Pattern NEEDED = Pattern.compile(".*(camstream-(capture|encode|encode-imageio|hub|metrics)"
            + "-[^/]*\\.jar|metrics/target/classes|/prometheus-metrics-[a-z-]+-[^/]*\\.jar"
            + "|/(imageio-core|imageio-jpeg|imageio-metadata|common-lang|common-io|common-image)-[^/]*\\.jar)$");

    @TempDir
    Path work;

    @Test
    void aProgramRequiringTheMetricsModuleScrapesOnTheModulePath() throws Exception {
        List<String> modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> NEEDED.matcher(entry.replace(File.separatorChar, '/')).matches()).toList();
        assertTrue(modulePath.stream().anyMatch(entry -> entry.contains("prometheus-metrics-core")),
                modulePath::toString);

        Path source = work.resolve("src/example/scrape");
        Files.createDirectories(source);
        Files.writeString(work.resolve("src/module-info.java"),
                "module example.scrape { requires io.camstream.metrics; }");
        Files.writeString(source.resolve("Main.java"), """
                package example.scrape;

                import io.camstream.capture.TestPatternSource;
                import io.camstream.hub.FittedFrame;
                import io.camstream.hub.Hub;
                import io.camstream.hub.Mailbox;
                import io.camstream.metrics.CamstreamMetrics;
                import java.time.Duration;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        CamstreamMetrics metrics = new CamstreamMetrics();
                        try (Hub hub = Hub.builder().encodeObserver(metrics)
                                .camera("front", new TestPatternSource(160, 120, 30)).build()) {
                            metrics.bind(hub);
                            hub.start();
                            Mailbox viewer = hub.camera("front").subscribe("http", hub.defaultVariant(), () -> { });
                            FittedFrame frame = hub.camera("front").snapshot(hub.defaultVariant(), 1 << 20,
                                    Duration.ofSeconds(10));
                            viewer.sent(frame.encoded().size(), 0, frame.adapted());
                            metrics.callEnded("camstream.v1.Camstream/Snapshot", "OK");
                            System.out.println(metrics.contentType());
                            metrics.write(System.out);
                        }
                    }
                }
                """);
        String path = String.join(File.pathSeparator, modulePath);
        Path classes = work.resolve("classes");
        Output compiled = run(tool("javac"), "--module-path", path, "-d", classes.toString(),
                work.resolve("src/module-info.java").toString(), source.resolve("Main.java").toString());
        assertEquals(0, compiled.exit, "the example did not compile against the metrics module: " + compiled.text);

        Output example = run(tool("java"), "--module-path", classes + File.pathSeparator + path,
                "-m", "example.scrape/example.scrape.Main");
        String output = example.text;

        assertEquals(0, example.exit, output);
        assertTrue(output.startsWith("text/plain; version=0.0.4; charset=utf-8\n"), output);
        assertTrue(output.contains("\ncamstream_frames_encoded_total{camera=\"front\",color=\"gray\","
                + "encoder=\"imageio\",quality=\"95\"} 1.0\n"), output);
        assertTrue(output.contains("\ncamstream_encode_seconds_count{encoder=\"imageio\"} 1\n"), output);
        assertTrue(output.contains("\ncamstream_frames_sent_total{camera=\"front\",protocol=\"http\"} 1.0\n"),
                output);
        assertTrue(output.contains("\ncamstream_grpc_calls_total{code=\"OK\","
                + "method=\"camstream.v1.Camstream/Snapshot\"} 1.0\n"), output);
        assertTrue(output.contains("\njvm_threads_current "), "the JVM's, which need java.management: " + output);
        assertTrue(output.contains("\nprocess_cpu_seconds_total "), output);
    }

    private record Output(int exit, String text) {
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static Output run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Output(process.exitValue(), text);
    }
}
