package io.camstream.cli;

import com.google.gson.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sums up one or many subscriptions: the status line printed every second and the final JSON
 * summary. With several subscribers the rates are per subscriber (min and median) and latency is
 * over all frames, plus the worst subscriber's p99. For the original sample's protocol, where a client
 * faster than the camera gets repeated pictures, the rate is that of distinct pictures, and the rate of
 * replies is given besides.
 */
final class ViewReport {

    private final List<ViewStats.Snapshot> subscribers;
    private final double[] allLatencies;
    private final Map<StageTimes.Stage, double[]> allStages;
    private final boolean legacy;

    ViewReport(List<ViewStats> stats) {
        this(stats, false);
    }

    /** @param legacy whether the frames are the original sample's replies, which may repeat a picture */
    ViewReport(List<ViewStats> stats, boolean legacy) {
        this.legacy = legacy;
        this.subscribers = stats.stream().map(ViewStats::snapshot).toList();
        this.allLatencies = subscribers.stream()
                .flatMapToDouble(s -> Arrays.stream(s.latenciesMs())).sorted().toArray();
        this.allStages = StageTimes.merge(subscribers.stream().map(ViewStats.Snapshot::stagesMs).toList());
    }

    long frames() {
        return subscribers.stream().mapToLong(ViewStats.Snapshot::frames).sum();
    }

    long minFrames() {
        return subscribers.stream().mapToLong(ViewStats.Snapshot::frames).min().orElse(0);
    }

    long failedChecks() {
        return subscribers.stream().mapToLong(ViewStats.Snapshot::failedChecks).sum();
    }

    /** A subscriber's rate of camera frames: of distinct pictures for the original sample's protocol. */
    private double fps(ViewStats.Snapshot subscriber) {
        return legacy ? subscriber.distinctFps() : subscriber.fps();
    }

    double fpsMin() {
        return subscribers.stream().mapToDouble(this::fps).min().orElse(0);
    }

    double fpsMedian() {
        double[] rates = subscribers.stream().mapToDouble(this::fps).sorted().toArray();
        return rates.length == 0 ? 0 : rates.length % 2 == 1 ? rates[rates.length / 2]
                : (rates[rates.length / 2 - 1] + rates[rates.length / 2]) / 2;
    }

    double worstP99() {
        return subscribers.stream().mapToDouble(s -> s.latencyPercentile(99)).max().orElse(0);
    }

    String statusLine() {
        ViewStats.Snapshot first = subscribers.get(0);
        long frames = frames();
        long bytes = subscribers.stream().mapToLong(ViewStats.Snapshot::bytes).sum();
        String rate = subscribers.size() == 1
                ? String.format(Locale.ROOT, "fps %.1f", fps(first))
                : String.format(Locale.ROOT, "%d subscribers  fps min %.1f median %.1f", subscribers.size(),
                        fpsMin(), fpsMedian());
        long adapted = subscribers.stream().mapToLong(ViewStats.Snapshot::adapted).sum();
        long noSignal = subscribers.stream().mapToLong(ViewStats.Snapshot::noSignal).sum();
        if (legacy) {
            long distinct = subscribers.stream().mapToLong(ViewStats.Snapshot::distinctFrames).sum();
            double replyRate = subscribers.stream().mapToDouble(ViewStats.Snapshot::fps).sum();
            rate += String.format(Locale.ROOT, " (distinct %d; replies %.1f/s)", distinct, replyRate);
        }
        return String.format(Locale.ROOT,
                "%dx%d %s  frames %d  %s  latency p50 %.1f ms p99 %.1f ms%s  skipped %d  %.1f KiB/frame%s%s%s",
                first.width(), first.height(), first.encoder(), frames, rate,
                ViewStats.percentile(allLatencies, 50), ViewStats.percentile(allLatencies, 99),
                StageTimes.statusText(allStages),
                subscribers.stream().mapToLong(ViewStats.Snapshot::skipped).sum(),
                frames == 0 ? 0.0 : bytes / 1024.0 / frames,
                adapted == 0 ? "" : "  adapted " + adapted,
                noSignal == 0 ? "" : "  NO SIGNAL " + noSignal,
                failedChecks() == 0 ? "" : "  FAILED CHECKS " + failedChecks());
    }

    /** The summary as one JSON object (README lists the fields). */
    JsonObject toJson(String target, double seconds) {
        ViewStats.Snapshot first = subscribers.get(0);
        JsonObject latency = new JsonObject();
        latency.addProperty("p50", round(ViewStats.percentile(allLatencies, 50)));
        latency.addProperty("p99", round(ViewStats.percentile(allLatencies, 99)));
        latency.addProperty("max", round(allLatencies.length == 0 ? 0 : allLatencies[allLatencies.length - 1]));
        JsonObject json = new JsonObject();
        json.addProperty("target", target);
        json.addProperty("frames", frames());
        json.addProperty("fps", round(subscribers.size() == 1 ? fps(first) : fpsMedian()));
        if (legacy) {
            json.addProperty("distinct_frames",
                    subscribers.stream().mapToLong(ViewStats.Snapshot::distinctFrames).sum());
            json.addProperty("replies_fps", round(subscribers.stream().mapToDouble(ViewStats.Snapshot::fps).sum()));
        }
        json.add("latency_ms", latency);
        json.add("stages", StageTimes.toJson(allStages));
        json.addProperty("skipped", subscribers.stream().mapToLong(ViewStats.Snapshot::skipped).sum());
        json.addProperty("adapted", subscribers.stream().mapToLong(ViewStats.Snapshot::adapted).sum());
        json.addProperty("no_signal", subscribers.stream().mapToLong(ViewStats.Snapshot::noSignal).sum());
        json.addProperty("bytes", subscribers.stream().mapToLong(ViewStats.Snapshot::bytes).sum());
        json.addProperty("width", first.width());
        json.addProperty("height", first.height());
        json.addProperty("encoder", first.encoder());
        json.addProperty("first_sequence",
                subscribers.stream().mapToLong(ViewStats.Snapshot::firstSequence).min().orElse(0));
        json.addProperty("last_sequence",
                subscribers.stream().mapToLong(ViewStats.Snapshot::lastSequence).max().orElse(0));
        json.addProperty("out_of_order", subscribers.stream().mapToLong(ViewStats.Snapshot::outOfOrder).sum());
        json.addProperty("decode_errors", subscribers.stream().mapToLong(ViewStats.Snapshot::decodeErrors).sum());
        json.addProperty("stamp_mismatches", subscribers.stream().mapToLong(ViewStats.Snapshot::stampMismatches).sum());
        json.addProperty("seconds", round(seconds));
        if (subscribers.size() > 1) {
            json.addProperty("subscribers", subscribers.size());
            json.addProperty("fps_min", round(fpsMin()));
            json.addProperty("fps_median", round(fpsMedian()));
            json.addProperty("latency_p99_worst_ms", round(worstP99()));
        }
        return json;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
