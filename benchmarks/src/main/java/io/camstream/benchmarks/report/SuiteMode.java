package io.camstream.benchmarks.report;

import io.camstream.benchmarks.MessageLimitTable;
import io.camstream.benchmarks.Resolution;
import java.time.Duration;
import java.util.List;

/**
 * How long and how wide a suite run is. {@code quick} gives usable numbers in minutes; {@code full}
 * gives steadier ones; {@code smoke} only proves every part still runs (CI), its numbers mean nothing.
 */
public record SuiteMode(String name, int forks, int warmupIterations, Duration warmupTime, int iterations,
        Duration iterationTime, List<Resolution> jmhSizes, List<Integer> jmhQualities, List<Resolution> tableSizes,
        List<Integer> tableQualities, List<Resolution> fanOutSizes, List<Integer> fanOutClients, Duration fanOutWarmUp,
        Duration fanOutWindow, List<Integer> httpClients) {

    /** The HTTP face's load is measured at the size browsers and NVRs most often pull. */
    public static final Resolution HTTP_SIZE = new Resolution(640, 480);
    /** MJPEG players at once: a busy household or office (50) and a crowd (200, the default --max-subscribers). */
    private static final List<Integer> HTTP_CLIENTS = List.of(50, 200);

    /** Client counts: 0 is the idle baseline (capture only), then the 1, 10 and 100. */
    private static final List<Integer> CLIENTS = List.of(0, 1, 10, 100);
    private static final List<Resolution> FAN_OUT_SIZES = List.of(new Resolution(640, 480), new Resolution(1920, 1080));

    public static final SuiteMode QUICK = new SuiteMode("quick", 1, 1, Duration.ofSeconds(1), 3, Duration.ofSeconds(1),
            Resolution.STANDARD, List.of(80, 95), Resolution.STANDARD, MessageLimitTable.QUALITIES, FAN_OUT_SIZES,
            CLIENTS, Duration.ofSeconds(1), Duration.ofSeconds(3), HTTP_CLIENTS);

    public static final SuiteMode FULL = new SuiteMode("full", 2, 3, Duration.ofSeconds(2), 5, Duration.ofSeconds(2),
            Resolution.STANDARD, List.of(80, 95), Resolution.STANDARD, MessageLimitTable.QUALITIES, FAN_OUT_SIZES,
            CLIENTS, Duration.ofSeconds(2), Duration.ofSeconds(10), HTTP_CLIENTS);

    public static final SuiteMode SMOKE = new SuiteMode("smoke", 1, 0, Duration.ofMillis(100), 1,
            Duration.ofMillis(100),
            List.of(new Resolution(640, 480)), List.of(80), List.of(new Resolution(640, 480)), List.of(50, 95),
            List.of(new Resolution(640, 480)), List.of(2), Duration.ofMillis(500), Duration.ofSeconds(2), List.of(2));

    public static SuiteMode parse(String flag) {
        return switch (flag) {
            case "--quick" -> QUICK;
            case "--full" -> FULL;
            case "--smoke" -> SMOKE;
            default -> throw new IllegalArgumentException("the mode is --quick, --full or --smoke, got '" + flag + "'");
        };
    }

    /** One measurement of the send path: a camera of this size watched by this many gRPC subscribers. */
    public record SendPathLoad(Resolution size, int clients) {
    }

    /**
     * The send path's loads: the latency load (10 viewers of 640x480) and its throughput loads
     * (100 subscribers of 1280x720 and of 1920x1080); smoke runs one small load.
     */
    public List<SendPathLoad> sendPathLoads() {
        return this == SMOKE ? List.of(new SendPathLoad(HTTP_SIZE, 2))
                : List.of(new SendPathLoad(HTTP_SIZE, 10), new SendPathLoad(new Resolution(1280, 720), 100),
                        new SendPathLoad(new Resolution(1920, 1080), 100));
    }

    /**
     * Warm-up before a send path window: 100 gRPC subscribers keep the JIT compiler busy for over 10 s
     * (25-35 % of a core still compiling after 15 s at 1280x720 with a 2 s warm-up), and a window that
     * includes it measures compilation, not sending.
     */
    public Duration sendPathWarmUp() {
        return this == SMOKE ? fanOutWarmUp : this == QUICK ? Duration.ofSeconds(12) : Duration.ofSeconds(20);
    }

    public String jmhSettings() {
        return forks + " fork(s), " + warmupIterations + " warm-up iteration(s) of " + seconds(warmupTime) + ", "
                + iterations + " measured iteration(s) of " + seconds(iterationTime) + ", one thread";
    }

    static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() / 1000.0 + " s";
    }
}
