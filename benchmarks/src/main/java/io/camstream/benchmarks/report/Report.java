package io.camstream.benchmarks.report;

import io.camstream.benchmarks.MessageLimitTable;
import io.camstream.benchmarks.Resolution;
import io.camstream.benchmarks.TestFrames;
import io.camstream.benchmarks.fanout.FanOutResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The suite's results as one markdown page: what ran where, the frames/s tables, the ratios the
 * issue asks for (OpenCV vs ImageIO, OpenCV vs tjbench, camstream vs seed-style), and the targets.
 */
public final class Report {

    private static final String HOT = "HotPathBenchmark.grayJpegBase64";
    private static final String ENCODE = "EncodeStageBenchmark.jpegFromGray";
    private static final String PASS = "PassthroughBenchmark.frameToViewers";

    private final Run run;
    private final StringBuilder out = new StringBuilder();

    /** Everything one suite run measured. */
    public record Run(SuiteMode mode, MachineInfo machine, String command, String date, List<String> encoders,
            List<Score> scores, List<MessageLimitTable.Row> limitRows, List<FanOutResult> fanOut,
            List<FanOutResult> httpFanOut, List<FanOutResult> sendPath, TjbenchResults tjbench) {
    }

    private Report(Run run) {
        this.run = run;
    }

    public static String markdown(Run run) {
        return new Report(run).write();
    }

    private String write() {
        line("# camstream benchmark report");
        line("");
        line("- date: " + run.date());
        line("- command: `" + run.command() + "` (mode " + run.mode().name() + "; JMH: " + run.mode().jmhSettings()
                + ")");
        line("- JDK: " + run.machine().jdk() + ", " + run.machine().javaHome());
        line("- CPU: " + run.machine().cpuModel() + ", " + run.machine().cores() + " cores; load average at start: "
                + run.machine().loadAverage() + "; " + run.machine().os());
        line("- encoders: " + String.join(", ", run.encoders()));
        line("");
        line("Frames/s are single-thread JMH throughput (one op = one frame),"
                + " the best measured iteration of each run:");
        line("on a shared machine the one least disturbed by other load (JMH's means and errors are in `jmh.json`).");
        line("tjbench figures are likewise the fastest of its repeated runs."
                + " Compare the ratios, measured in one session,");
        line("rather than the absolute numbers.");
        hotPath();
        stages();
        openCvVersusImageIo();
        openCvVersusTjbench();
        messageLimit();
        passthrough();
        fanOut();
        httpFanOut();
        new SendPathSection(run, this::line).tables();
        targets();
        return out.toString();
    }

    private void hotPath() {
        section("Hot path: BGR frame → gray → JPEG → base64 (frames/s)");
        header(3, withSizes("encoder", "colour", "quality"));
        for (String encoder : run.encoders()) {
            for (String color : List.of("GRAY", "COLOR")) {
                for (int quality : run.mode().jmhQualities()) {
                    row(List.of(encoder, color, Integer.toString(quality)), run.mode().jmhSizes().stream().map(size ->
                            fps(score(HOT, "encoder", encoder, "color", color, "quality", "" + quality,
                                    "size", size.toString())))
                            .toList());
                }
            }
        }
    }

    private void stages() {
        String quality = Integer.toString(run.mode().jmhQualities().get(run.mode().jmhQualities().size() - 1));
        section("Where the time goes: milliseconds per frame by stage (gray, quality " + quality + ")");
        line("Gray conversion, then JPEG encoding of an already-gray frame, then base64;"
                + " the last columns are the whole");
        line("hot path, which is about the sum of its encoder's stages (the `opencv` encoder converts with cvtColor,"
                + " `imageio` with the Java loop).");
        line("");
        List<String> columns = new ArrayList<>(List.of("size", "gray: Java loop", "gray: OpenCV cvtColor"));
        run.encoders().forEach(e -> columns.add("encode: " + e));
        columns.add("base64");
        run.encoders().forEach(e -> columns.add("hot path: " + e));
        header(1, columns);
        for (Resolution size : run.mode().jmhSizes()) {
            String s = size.toString();
            List<String> cells = new ArrayList<>();
            cells.add(ms(score("GrayStageBenchmark.javaLoop", "size", s)));
            cells.add(ms(score("GrayStageBenchmark.opencvCvtColor", "size", s)));
            run.encoders().forEach(e -> cells.add(ms(score(ENCODE, "encoder", e, "size", s, "quality", quality))));
            cells.add(ms(score("Base64StageBenchmark.base64", "size", s)));
            run.encoders().forEach(e -> cells.add(ms(score(HOT, "encoder", e, "size", s, "quality", quality,
                    "color", "GRAY"))));
            row(List.of(s), cells);
        }
    }

    private void openCvVersusImageIo() {
        if (!run.encoders().containsAll(List.of("opencv", "imageio"))) {
            return;
        }
        section("Ratio: OpenCV ÷ ImageIO, hot path frames/s");
        header(2, withSizes("colour", "quality"));
        for (String color : List.of("GRAY", "COLOR")) {
            for (int quality : run.mode().jmhQualities()) {
                row(List.of(color, Integer.toString(quality)), run.mode().jmhSizes().stream().map(size -> ratio(
                        score(HOT, "encoder", "opencv", "color", color, "quality", "" + quality,
                                "size", size.toString()),
                        score(HOT, "encoder", "imageio", "color", color, "quality", "" + quality,
                                "size", size.toString())))
                        .toList());
            }
        }
    }

    private void openCvVersusTjbench() {
        section("Ratio: OpenCV ÷ libjpeg-turbo's tjbench (same frame, one thread, same session)");
        if (run.tjbench().lines().isEmpty()) {
            line("tjbench results are missing (it could not be installed or run; see `benchmarks/tjbench.sh`).");
            return;
        }
        line("tjbench compresses the same BGR test frame (written as PPM) to gray or 4:2:0 JPEG, so its work matches");
        line("the hot path minus base64. \"hot path\" is camstream's whole BGR → gray → JPEG → base64;"
                + " \"encode only\" starts from gray.");
        line("");
        header(3, "size", "colour", "quality", "tjbench frames/s", "OpenCV hot path", "hot path ÷ tjbench",
                "OpenCV encode only", "encode only ÷ tjbench");
        for (TjbenchResults.Line tj : tjbenchInOrder()) {
            String size = tj.width() + "x" + tj.height();
            String q = Integer.toString(tj.quality());
            Optional<Double> hot = score(HOT, "encoder", "opencv", "color", tj.colorMode(), "quality", q, "size", size);
            Optional<Double> encode = tj.colorMode().equals("GRAY")
                    ? score(ENCODE, "encoder", "opencv", "quality", q, "size", size) : Optional.empty();
            if (hot.isEmpty() && encode.isEmpty()) {
                continue;
            }
            row(size, tj.colorMode(), q, fps(Optional.of(tj.framesPerSecond())), fps(hot),
                    ratio(hot, Optional.of(tj.framesPerSecond())), fps(encode),
                    ratio(encode, Optional.of(tj.framesPerSecond())));
        }
    }

    private void messageLimit() {
        section("The 4 MiB limit: highest quality whose base64 `Reply` fits 4,194,304 bytes");
        line("Largest JPEG of " + TestFrames.DISTINCT + " test frames, base64-encoded and wrapped in the sample's"
                + " `Reply` (qualities " + run.mode().tableQualities().get(0) + "–"
                + run.mode().tableQualities().get(run.mode().tableQualities().size() - 1)
                + "); every row is in `message-limit.csv` / `message-limit.json`.");
        line("");
        header(2, "size, encoder, colour", "largest quality that fits (share of the limit)");
        for (Map.Entry<String, String> e : MessageLimitTable.largestFitting(run.limitRows()).entrySet()) {
            row(e.getKey(), e.getValue());
        }
    }

    private void passthrough() {
        section("MJPEG passthrough: a published colour JPEG (q95) to N colour viewers, frames/s on one thread");
        line("From the received `Publish` message to a `VideoFrame` built for every viewer, through the hub:"
                + " passthrough reads the JPEG's");
        line("header and sends its bytes; re-encode decodes it (ImageIO) and encodes it again with the encoder"
                + " (viewers naming quality 95).");
        line("CPU is the measuring thread's own time per frame (not the wall clock, which other load on a shared"
                + " machine");
        line("distorts), over all measured iterations; its ratio is the CPU per frame passthrough saves.");
        line("");
        header(3, "encoder", "size", "viewers", "passthrough frames/s", "re-encode frames/s",
                "passthrough CPU µs/frame", "re-encode CPU µs/frame", "re-encode ÷ passthrough CPU");
        List<String> viewers = run.scores().stream().filter(s -> s.benchmark().equals(PASS))
                .map(s -> s.params().get("viewers")).distinct().sorted(Comparator.comparingInt(Integer::parseInt))
                .toList();
        for (String encoder : run.encoders()) {
            for (Resolution size : run.mode().jmhSizes()) {
                for (String n : viewers) {
                    String[] keys = {"encoder", encoder, "size", size.toString(), "viewers", n};
                    Optional<Score> passed = Score.first(run.scores(), PASS, append(keys, "path", "passthrough"));
                    Optional<Score> encoded = Score.first(run.scores(), PASS, append(keys, "path", "reencode"));
                    Optional<Double> passedCpu = passed.map(Score::cpuNanosPerOp).filter(v -> !v.isNaN());
                    Optional<Double> encodedCpu = encoded.map(Score::cpuNanosPerOp).filter(v -> !v.isNaN());
                    row(encoder, size.toString(), n, fps(passed.map(Score::score)), fps(encoded.map(Score::score)),
                            micros(passedCpu), micros(encodedCpu), ratio(encodedCpu, passedCpu));
                }
            }
        }
    }

    private static String[] append(String[] keyValues, String key, String value) {
        String[] all = Arrays.copyOf(keyValues, keyValues.length + 2);
        all[keyValues.length] = key;
        all[keyValues.length + 1] = value;
        return all;
    }

    private void fanOut() {
        section("Fan-out: camstream vs the seed's design, server in its own JVM on 127.0.0.1");
        line("Each client has its own connection and does not decode."
                + " camstream clients use `Subscribe`; seed-style clients");
        line("are the sample's `Client.py` paced to 30 requests/s (one `getStream` call per frame),"
                + " and every request gets its");
        line("own gray + JPEG + base64. CPU is the server process's user + system time during the window;"
                + " subscribers 0 is the");
        line("idle baseline (capturing the test pattern only, which every row also pays)."
                + " Latency is from capture to arrival.");
        line("The clients run on the same machine: their CPU time (the harness JVM's) is shown, because with "
                + run.machine().cores());
        line("cores they compete with the server, and at 100 clients"
                + " the load generator alone can saturate the machine.");
        line("");
        header(2, "design", "size", "clients", "fps min", "fps median", "distinct fps median", "latency p50 ms",
                "p99 ms", "server CPU s", "server CPU ms/frame", "clients' CPU s", "errors");
        for (FanOutResult r : run.fanOut()) {
            row(r.design(), r.size(), Integer.toString(r.subscribers()), num(r.fpsMin(), 1), num(r.fpsMedian(), 1),
                    num(r.distinctFpsMedian(), 1), num(r.latencyP50Ms(), 1), num(r.latencyP99Ms(), 1),
                    num(r.serverCpuSeconds(), 2), num(r.serverCpuMsPerFrame(), 2), num(r.clientCpuSeconds(), 2),
                    Long.toString(r.errors()));
        }
        line("");
        header(1, "size", "clients", "fps median camstream / seed", "CPU ms/frame camstream / seed",
                "seed ÷ camstream CPU per frame");
        for (FanOutResult c : run.fanOut()) {
            if (!c.design().equals("camstream") || c.subscribers() == 0) {
                continue;
            }
            fanOutPeer(c).ifPresent(s -> row(c.size(), Integer.toString(c.subscribers()),
                    num(c.fpsMedian(), 1) + " / " + num(s.fpsMedian(), 1),
                    num(c.serverCpuMsPerFrame(), 2) + " / " + num(s.serverCpuMsPerFrame(), 2),
                    ratio(Optional.of(s.serverCpuMsPerFrame()), Optional.of(c.serverCpuMsPerFrame()))));
        }
    }

    private void httpFanOut() {
        section("MJPEG over HTTP next to gRPC: N players of `/stream`, " + SuiteMode.HTTP_SIZE + " at 30 fps");
        line("Each player has its own connection (an HTTP/1.0 request, as many NVRs send) and reads the multipart"
                + " stream's part headers and bytes without decoding,");
        line("all on one selector thread of the harness; the gRPC rows are `Subscribe` clients of the same server"
                + " build, measured in turn.");
        line("The raw socket is the ceiling: the same camera and encode, then each shared JPEG after a 20-byte"
                + " header on a plain socket,");
        line("one selector thread, no protocol. CPU per byte divides the server's CPU by the pictures' bytes"
                + " delivered (framing not counted).");
        line("");
        header(2, "face", "size", "clients", "fps min", "fps median", "latency p50 ms", "p99 ms", "server CPU s",
                "server CPU ms/frame", "server CPU ns per byte", "clients' CPU s", "errors");
        for (FanOutResult r : run.httpFanOut()) {
            row(faceLabel(r.design()), r.size(), Integer.toString(r.subscribers()), num(r.fpsMin(), 1),
                    num(r.fpsMedian(), 1), num(r.latencyP50Ms(), 1), num(r.latencyP99Ms(), 1),
                    num(r.serverCpuSeconds(), 2), num(r.serverCpuMsPerFrame(), 3), num(r.serverCpuNsPerByte(), 3),
                    num(r.clientCpuSeconds(), 2), Long.toString(r.errors()));
        }
        line("");
        line("CPU per byte ÷ raw (how far each face is from the ceiling, at the same number of clients):");
        line("");
        header(2, "face", "clients", "CPU per byte ÷ raw");
        for (FanOutResult r : run.httpFanOut()) {
            Optional<FanOutResult> raw = run.httpFanOut().stream()
                    .filter(c -> c.design().equals("raw") && c.subscribers() == r.subscribers()).findFirst();
            if (!r.design().equals("raw") && raw.isPresent()) {
                row(faceLabel(r.design()), Integer.toString(r.subscribers()),
                        ratio(Optional.of(r.serverCpuNsPerByte()), Optional.of(raw.get().serverCpuNsPerByte())));
            }
        }
    }

    private static String faceLabel(String design) {
        return switch (design) {
            case "http" -> "HTTP MJPEG";
            case "raw" -> "raw socket (ceiling)";
            default -> "gRPC Subscribe";
        };
    }

    private void targets() {
        section("Against the issue's targets");
        Optional<TjbenchResults.Line> tj = run.tjbench().find("640x480", "GRAY", 95);
        Optional<Double> hot = score(HOT, "encoder", "opencv", "color", "GRAY", "quality", "95", "size", "640x480");
        if (tj.isPresent() && hot.isPresent()) {
            double ratio = hot.get() / tj.get().framesPerSecond();
            List<Double> all = tjbenchRatios();
            long met = all.stream().filter(r -> r >= 0.9).count();
            line("- OpenCV hot path ≥ 0.9 × tjbench: at 640x480 gray q95 (the sample's settings) " + num(ratio, 2)
                    + " × → " + (ratio >= 0.9 ? "met" : "NOT met") + "; over all " + all.size() + " settings measured, "
                    + num(all.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN), 2) + "–"
                    + num(all.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), 2) + " ×, met in "
                    + met + ".");
        } else {
            line("- OpenCV hot path ≥ 0.9 × tjbench: not measured in this run"
                    + " (needs opencv, tjbench and 640x480 q95).");
        }
        Optional<FanOutResult> camstream = find("camstream", "1920x1080", 100);
        Optional<FanOutResult> seed = find("seed", "1920x1080", 100);
        if (camstream.isPresent() && seed.isPresent()) {
            FanOutResult c = camstream.get();
            FanOutResult s = seed.get();
            line("- 1920x1080 at 30 fps, 100 subscribers each ≥ 29 fps on " + run.machine().cores()
                    + " cores: camstream's slowest got "
                    + num(c.fpsMin(), 1) + " fps (median " + num(c.fpsMedian(), 1) + ") → "
                    + (c.fpsMin() >= 29 ? "met" : "NOT met") + "; seed-style median " + num(s.fpsMedian(), 1)
                    + " fps, slowest " + num(s.fpsMin(), 1) + " → "
                    + (s.fpsMedian() < 29 ? "falls behind" : "keeps up") + ".");
        } else {
            line("- 1920x1080, 100 subscribers: not measured in this run.");
        }
        new SendPathSection(run, this::line).targets();
    }

    /** tjbench's settings smallest frame first, gray before colour, low quality first. */
    private List<TjbenchResults.Line> tjbenchInOrder() {
        return run.tjbench().best().stream()
                .sorted(Comparator.comparingLong((TjbenchResults.Line l) -> (long) l.width() * l.height())
                        .thenComparing(TjbenchResults.Line::colorMode, Comparator.reverseOrder())
                        .thenComparingInt(TjbenchResults.Line::quality)).toList();
    }

    /** OpenCV's hot path ÷ tjbench for every setting both measured. */
    private List<Double> tjbenchRatios() {
        List<Double> ratios = new ArrayList<>();
        for (TjbenchResults.Line tj : run.tjbench().best()) {
            score(HOT, "encoder", "opencv", "color", tj.colorMode(), "quality", Integer.toString(tj.quality()),
                    "size", tj.width() + "x" + tj.height()).ifPresent(hot -> ratios.add(hot / tj.framesPerSecond()));
        }
        return ratios;
    }

    private Optional<FanOutResult> fanOutPeer(FanOutResult camstream) {
        return find("seed", camstream.size(), camstream.subscribers());
    }

    private Optional<FanOutResult> find(String design, String size, int subscribers) {
        return run.fanOut().stream().filter(r -> r.design().equals(design) && r.size().equals(size)
                && r.subscribers() == subscribers).findFirst();
    }

    private Optional<Double> score(String benchmark, String... keyValues) {
        return Score.find(run.scores(), benchmark, keyValues);
    }

    private void section(String title) {
        line("");
        line("## " + title);
        line("");
    }

    /** A table header; the first {@code textColumns} columns are left-aligned, the rest (numbers) right-aligned. */
    private void header(int textColumns, List<String> columns) {
        line(tableHeader(textColumns, columns.toArray(String[]::new)));
    }

    /** A table header and its alignment rule, as two lines. */
    static String tableHeader(int textColumns, String... columns) {
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < columns.length; i++) {
            rule.append(i < textColumns ? "---|" : "---:|");
        }
        return tableRow(columns) + "\n" + rule;
    }

    static String tableRow(String... cells) {
        return "| " + String.join(" | ", cells) + " |";
    }

    private void header(int textColumns, String... columns) {
        header(textColumns, List.of(columns));
    }

    private void row(List<String> lead, List<String> cells) {
        List<String> all = new ArrayList<>(lead);
        all.addAll(cells);
        row(all.toArray(String[]::new));
    }

    private void row(String... cells) {
        line(tableRow(cells));
    }

    private List<String> withSizes(String... lead) {
        List<String> columns = new ArrayList<>(List.of(lead));
        run.mode().jmhSizes().forEach(size -> columns.add(size.toString()));
        return columns;
    }

    private void line(String text) {
        out.append(text).append('\n');
    }

    private static String fps(Optional<Double> value) {
        return value.map(v -> v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : num(v, 1)).orElse("–");
    }

    private static String micros(Optional<Double> nanos) {
        return nanos.map(v -> v >= 100_000 ? String.format(Locale.ROOT, "%,.0f", v / 1000) : num(v / 1000, 1))
                .orElse("–");
    }

    private static String ms(Optional<Double> framesPerSecond) {
        return framesPerSecond.map(v -> num(1000 / v, 3)).orElse("–");
    }

    static String ratio(Optional<Double> a, Optional<Double> b) {
        return a.isPresent() && b.isPresent() && b.get() > 0 ? num(a.get() / b.get(), 2) + " ×" : "–";
    }

    static String num(double value, int decimals) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
