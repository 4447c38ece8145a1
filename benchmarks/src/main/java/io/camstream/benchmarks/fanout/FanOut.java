package io.camstream.benchmarks.fanout;

import io.camstream.benchmarks.Resolution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs fan-out measurements: for each size and client count, a fresh server process of each design
 * on 127.0.0.1, N clients in this JVM, a warm-up, then a measured window during which the server's
 * CPU time is read from outside ({@link ProcessHandle.Info#totalCpuDuration()}). The two designs
 * run back to back under the same load, so their ratio is measured in one session.
 */
public final class FanOut {

    /** Longest a server may take to start (JVM, natives, first frame). */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration FIRST_FRAME_TIMEOUT = Duration.ofSeconds(30);

    private final double fps;
    private final Duration warmUp;
    private final Duration window;
    private final Path logDirectory;

    /**
     * @param fps the camera rate, and the rate each seed-style client asks for
     * @param warmUp how long clients receive before measuring starts
     * @param window how long measuring lasts
     * @param logDirectory where server processes' standard error goes
     */
    public FanOut(double fps, Duration warmUp, Duration window, Path logDirectory) {
        this.fps = fps;
        this.warmUp = warmUp;
        this.window = window;
        this.logDirectory = logDirectory;
    }

    /** Every size × count × design, designs interleaved so that noise on a shared machine hits them alike. */
    public List<FanOutResult> runAll(List<Resolution> sizes, List<Integer> counts, List<Design> designs)
            throws IOException, InterruptedException {
        List<FanOutResult> results = new ArrayList<>();
        for (Resolution size : sizes) {
            for (int count : counts) {
                for (Design design : designs) {
                    if (count == 0 && design != designs.get(0)) {
                        continue; // with no clients every design only captures: one idle baseline is enough
                    }
                    FanOutResult result = run(design, size, count);
                    System.out.println(format(List.of(result)).lines().skip(1).findFirst().orElse(""));
                    results.add(result);
                }
            }
        }
        return results;
    }

    /** One measurement: starts the server process, loads it, measures, and stops everything. */
    public FanOutResult run(Design design, Resolution size, int subscribers) throws IOException, InterruptedException {
        Files.createDirectories(logDirectory);
        double limitSeconds = STARTUP_TIMEOUT.toSeconds() + FIRST_FRAME_TIMEOUT.toSeconds() + warmUp.toSeconds()
                + window.toSeconds() + 60;
        Process server = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                FanOutServerMain.class.getName(), design.id(), size.toString(), Double.toString(fps),
                Double.toString(limitSeconds))
                .redirectError(logDirectory
                        .resolve("fanout-" + design.id() + "-" + size + "-" + subscribers + ".log").toFile())
                .start();
        try {
            int port = awaitPort(server);
            try (LoadClients clients = LoadClients.start(design, "127.0.0.1:" + port, subscribers, fps)) {
                Thread.sleep(warmUp.toMillis());
                awaitFirstFrames(clients.stats);
                clients.stats.forEach(SubscriberStats::startMeasuring);
                double serverCpuStart = cpuSeconds(server.toHandle());
                double clientCpuStart = cpuSeconds(ProcessHandle.current());
                long start = System.nanoTime();
                Thread.sleep(window.toMillis());
                clients.stats.forEach(SubscriberStats::stopMeasuring);
                double seconds = (System.nanoTime() - start) / 1e9;
                double serverCpu = cpuSeconds(server.toHandle()) - serverCpuStart;
                double clientCpu = cpuSeconds(ProcessHandle.current()) - clientCpuStart;
                return FanOutResult.of(design, size.toString(), subscribers, fps, seconds, clients.stats,
                        serverCpu, clientCpu);
            }
        } finally {
            stop(server);
        }
    }

    /**
     * The warm-up ends no sooner than every client has its first frame: on a busy machine the server's
     * JIT and the clients' connections can take longer than the warm-up, and a window that starts before
     * frames flow measures start-up, not fan-out. Gives up after {@link #FIRST_FRAME_TIMEOUT}, and the
     * result then shows the missing frames.
     */
    private static void awaitFirstFrames(List<SubscriberStats> stats) throws InterruptedException {
        long deadline = System.nanoTime() + FIRST_FRAME_TIMEOUT.toNanos();
        while (!stats.stream().allMatch(SubscriberStats::received) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private static int awaitPort(Process server) throws IOException, InterruptedException {
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader lines = new BufferedReader(
                        new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("PORT ")) {
                        return Integer.parseInt(line.substring(5).trim());
                    }
                }
                throw new IllegalStateException("the fan-out server exited (status " + server.waitFor()
                        + ") before listening");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        try {
            return port.get(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("the fan-out server did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the fan-out server did not listen within " + STARTUP_TIMEOUT.toSeconds() + " s");
        }
    }

    /** Closing its standard input asks the server to stop; it is killed if it has not within 5 s. */
    private static void stop(Process server) throws InterruptedException {
        try {
            server.getOutputStream().close();
        } catch (IOException e) {
            // Already gone.
        }
        if (!server.waitFor(5, TimeUnit.SECONDS)) {
            server.destroyForcibly();
            server.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static double cpuSeconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(d -> d.toNanos() / 1e9)
                .orElseThrow(() -> new IllegalStateException(
                        "this OS does not report the CPU time of process " + process.pid()));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The results as fixed-width text, one line per measurement. */
    public static String format(List<FanOutResult> results) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%-9s %-9s %5s %8s %8s %9s %9s %9s %10s %9s %7s%n", "design", "size", "subs", "fps min", "fps med",
                "p50 ms", "p99 ms", "cpu s", "cpu ms/fr", "cpu ns/B", "errors"));
        for (FanOutResult r : results) {
            out.append(String.format(Locale.ROOT, "%-9s %-9s %5d %8.1f %8.1f %9.1f %9.1f %9.2f %10.3f %9.3f %7d%n",
                    r.design(), r.size(), r.subscribers(), r.fpsMin(), r.fpsMedian(), r.latencyP50Ms(),
                    r.latencyP99Ms(), r.serverCpuSeconds(), r.serverCpuMsPerFrame(), r.serverCpuNsPerByte(),
                    r.errors()));
        }
        return out.toString();
    }

    /**
     * Usage: {@code FanOut [WxH,... [N,... [SECONDS [DESIGN,...] [WARM_UP_SECONDS]]]]}, defaults
     * {@code 640x480,1920x1080 1,10,100 10 camstream,seed 2}; prints the table. Many gRPC clients need a
     * longer warm-up than 2 s before the JIT compiler is done with the server's send path (seen as 25–35 %
     * of a core in compiler threads at 100 × 1280x720 after 15 s).
     */
    public static void main(String[] args) throws Exception {
        List<Resolution> sizes = Resolution.parseList(args.length > 0 ? args[0] : "640x480,1920x1080");
        List<Integer> counts = Arrays.stream((args.length > 1 ? args[1] : "1,10,100").split(","))
                .map(String::trim).map(Integer::valueOf).toList();
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 10;
        List<Design> designs = Arrays.stream((args.length > 3 ? args[3] : "camstream,seed").split(","))
                .map(String::trim).map(Design::parse).toList();
        double warmUp = args.length > 4 ? Double.parseDouble(args[4]) : 2;
        FanOut fanOut = new FanOut(30, Duration.ofMillis((long) (warmUp * 1000)),
                Duration.ofMillis((long) (seconds * 1000)),
                Path.of("benchmarks/target/results"));
        System.out.print(format(fanOut.runAll(sizes, counts, designs)));
    }
}
