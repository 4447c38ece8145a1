package io.camstream.benchmarks.report;

import io.camstream.benchmarks.fanout.FanOutResult;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The report's part on the send path (issue 14): gRPC subscribers next to the raw-socket ceiling at the
 * issue's loads, camstream's hot path (BGR to the JPEG a {@code VideoFrame} carries) next to tjbench, and
 * the targets. Kept apart from {@link Report} so that neither is more than one sitting's read.
 */
final class SendPathSection {

    static final String SEND = "SendPathBenchmark.grayJpegFromBgr";
    /** The sizes the hot path target names. */
    private static final List<String> TARGET_SIZES = List.of("640x480", "1920x1080");

    private final Report.Run run;
    private final Consumer<String> line;

    SendPathSection(Report.Run run, Consumer<String> line) {
        this.run = run;
        this.line = line;
    }

    void tables() {
        section("The send path: gRPC subscribers next to the raw-socket ceiling");
        line.accept("The same server build and camera, measured in turn after a warm-up of "
                + SuiteMode.seconds(run.mode().sendPathWarmUp()) + ": `Subscribe` clients that read each message's"
                + " capture time and picture length only,");
        line.accept("and the raw socket (the shared JPEG after a 20-byte header, one selector thread). CPU per byte:"
                + " the server's CPU over the pictures' bytes delivered.");
        line.accept("");
        line.accept(Report.tableHeader(3, "size", "clients", "design", "fps min", "fps median", "latency p50 ms",
                "p99 ms", "server CPU, % of a core", "CPU ns per byte", "CPU per byte ÷ raw"));
        for (FanOutResult r : run.sendPath()) {
            Optional<FanOutResult> raw = raw(r);
            line.accept(Report.tableRow(r.size(), Integer.toString(r.subscribers()),
                    r.design().equals("raw") ? "raw socket (ceiling)" : "gRPC Subscribe", Report.num(r.fpsMin(), 1),
                    Report.num(r.fpsMedian(), 1), Report.num(r.latencyP50Ms(), 1), Report.num(r.latencyP99Ms(), 1),
                    Report.num(100 * r.serverCpuSeconds() / r.windowSeconds(), 0),
                    Report.num(r.serverCpuNsPerByte(), 3), r.design().equals("raw") ? "–"
                            : Report.ratio(Optional.of(r.serverCpuNsPerByte()),
                                    raw.map(FanOutResult::serverCpuNsPerByte))));
        }

        section("camstream's hot path ÷ tjbench: BGR frame → gray JPEG, no base64");
        line.accept("What a `VideoFrame` carries, from the camera's BGR frame: the same work as"
                + " `tjbench -subsamp gray` on the same frame (JMH `SendPathBenchmark`).");
        line.accept("");
        line.accept(Report.tableHeader(3, "size", "quality", "encoder", "frames/s", "tjbench frames/s",
                "÷ tjbench"));
        for (TjbenchResults.Line tj : run.tjbench().best()) {
            if (!tj.colorMode().equals("GRAY")) {
                continue;
            }
            String size = tj.width() + "x" + tj.height();
            for (String encoder : run.encoders()) {
                Optional<Double> fps = send(encoder, size, tj.quality());
                fps.ifPresent(f -> line.accept(Report.tableRow(size, Integer.toString(tj.quality()), encoder,
                        Report.num(f, 1), Report.num(tj.framesPerSecond(), 1),
                        Report.ratio(Optional.of(f), Optional.of(tj.framesPerSecond())))));
            }
        }
    }

    /** The targets, as lines of the report's target list. */
    void targets() {
        find("camstream", "640x480", 10).ifPresentOrElse(c -> line.accept("- Latency on loopback, 640x480, 10 viewers"
                + ": p50 " + Report.num(c.latencyP50Ms(), 1) + " ms (≤ 3: " + verdict(c.latencyP50Ms() <= 3)
                + "), p99 " + Report.num(c.latencyP99Ms(), 1) + " ms (≤ 10: " + verdict(c.latencyP99Ms() <= 10)
                + ")."), () -> line.accept("- Latency on loopback, 640x480, 10 viewers: not measured in this run."));
        StringBuilder perByte = new StringBuilder("- Server CPU per byte within 1.5 × the raw socket's:");
        for (FanOutResult r : run.sendPath()) {
            raw(r).filter(raw -> !r.design().equals("raw")).ifPresent(raw -> {
                double ratio = r.serverCpuNsPerByte() / raw.serverCpuNsPerByte();
                perByte.append(' ').append(r.size()).append(" × ").append(r.subscribers()).append(' ')
                        .append(Report.num(ratio, 2)).append(" × (").append(verdict(ratio <= 1.5)).append(");");
            });
        }
        line.accept(ended(perByte));
        find("camstream", "1280x720", 100).ifPresent(c -> line.accept("- 100 subscribers of 1280x720, each ≥ 29 fps"
                + " on " + run.machine().cores() + " cores with the load clients: slowest " + Report.num(c.fpsMin(), 1)
                + " fps, median " + Report.num(c.fpsMedian(), 1) + " → " + verdict(c.fpsMin() >= 29) + "."));
        find("camstream", "1920x1080", 100).ifPresent(c -> line.accept("- 100 subscribers of 1920x1080 (reported):"
                + " slowest " + Report.num(c.fpsMin(), 1) + " fps, median " + Report.num(c.fpsMedian(), 1)
                + ", latency p50 " + Report.num(c.latencyP50Ms(), 1) + " ms."));
        for (String size : TARGET_SIZES) {
            Optional<TjbenchResults.Line> tj = run.tjbench().find(size, "GRAY", 95);
            StringBuilder hot = new StringBuilder("- Hot path ≥ 0.95 × tjbench at " + size + " gray q95:");
            for (String encoder : run.encoders()) {
                Optional<Double> fps = send(encoder, size, 95);
                if (fps.isPresent() && tj.isPresent()) {
                    double ratio = fps.get() / tj.get().framesPerSecond();
                    hot.append(' ').append(encoder).append(' ').append(Report.num(ratio, 2)).append(" × (")
                            .append(verdict(ratio >= 0.95)).append(");");
                }
            }
            line.accept(hot.toString().endsWith(":") ? hot + " not measured in this run." : ended(hot));
        }
    }

    private Optional<Double> send(String encoder, String size, int quality) {
        return Score.find(run.scores(), SEND, "encoder", encoder, "quality", Integer.toString(quality), "size", size);
    }

    private Optional<FanOutResult> raw(FanOutResult r) {
        return find("raw", r.size(), r.subscribers());
    }

    private Optional<FanOutResult> find(String design, String size, int subscribers) {
        return run.sendPath().stream().filter(r -> r.design().equals(design) && r.size().equals(size)
                && r.subscribers() == subscribers).findFirst();
    }

    /** A list of "a (met); b (NOT met);" items as a sentence. */
    private static String ended(StringBuilder items) {
        String text = items.toString();
        return text.endsWith(";") ? text.substring(0, text.length() - 1) + "." : text + " not measured in this run.";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private void section(String title) {
        line.accept("");
        line.accept("## " + title);
        line.accept("");
    }
}
