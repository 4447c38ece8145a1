package io.camstream.cli;

import com.google.gson.JsonObject;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.VideoFrame;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where frames' time went, stage by stage, from the times each v1 frame carries (see VideoFrame in the
 * proto) and the viewer's own arrival and decode times. Wait and encode are differences of the
 * server's clock alone; send + network compares the server's clock with this machine's, so it is only
 * as good as their synchronisation (exact on one machine). Not thread-safe: {@link ViewStats} guards it.
 */
final class StageTimes {

    /** The stages, with their JSON keys and their short names on the status line. */
    enum Stage {
        /** Capture to encode start: the frame waited for a subscriber to ask for it and for an encoder. */
        WAIT("wait_ms", "wait"),
        /** Encode start to end: scaling or decoding for the variant, and encoding. */
        ENCODE("encode_ms", "enc"),
        /** Encode end (capture, for frames sent as the source's own JPEG) to arrival here. */
        SEND_NETWORK("send_network_ms", "net"),
        /** This viewer decoding the JPEG (when it decodes). */
        DECODE("decode_ms", "dec");

        final String key;
        final String shortName;

        Stage(String key, String shortName) {
            this.key = key;
            this.shortName = shortName;
        }
    }

    private final Map<Stage, double[]> samples = new EnumMap<>(Stage.class);
    private final Map<Stage, Integer> counts = new EnumMap<>(Stage.class);

    /**
     * Records one frame's stages. Only camera frames with a send time (v1 Subscribe streams of a server
     * that reports stages) are split: NO SIGNAL pictures are no camera's, and come at their own slow pace.
     * The decode is this viewer's own and counts for any frame.
     *
     * @param decodeNanos how long this viewer took to decode the picture; negative when it did not
     */
    void record(VideoFrame frame, long arrivalEpochMicros, long decodeNanos) {
        if (frame.hasSendTime() && !frame.getNoSignal()) {
            long capture = WireFrames.epochMicros(frame.getCaptureTime());
            if (frame.hasEncodeStartTime() && frame.hasEncodeEndTime()) {
                long start = WireFrames.epochMicros(frame.getEncodeStartTime());
                long end = WireFrames.epochMicros(frame.getEncodeEndTime());
                add(Stage.WAIT, (start - capture) / 1000.0);
                add(Stage.ENCODE, (end - start) / 1000.0);
                add(Stage.SEND_NETWORK, (arrivalEpochMicros - end) / 1000.0);
            } else {
                add(Stage.SEND_NETWORK, (arrivalEpochMicros - capture) / 1000.0);
            }
        }
        if (decodeNanos >= 0) {
            add(Stage.DECODE, decodeNanos / 1e6);
        }
    }

    /** Every stage's samples so far, sorted; stages never measured are absent. */
    Map<Stage, double[]> sorted() {
        Map<Stage, double[]> sorted = new EnumMap<>(Stage.class);
        samples.forEach((stage, values) -> {
            double[] copy = Arrays.copyOf(values, counts.get(stage));
            Arrays.sort(copy);
            sorted.put(stage, copy);
        });
        return sorted;
    }

    /** Several subscribers' sorted samples as one set per stage, sorted. */
    static Map<Stage, double[]> merge(List<Map<Stage, double[]>> subscribers) {
        Map<Stage, double[]> merged = new EnumMap<>(Stage.class);
        for (Map<Stage, double[]> subscriber : subscribers) {
            subscriber.forEach((stage, values) -> merged.merge(stage, values, StageTimes::concat));
        }
        merged.replaceAll((stage, values) -> {
            double[] copy = values.clone();
            Arrays.sort(copy);
            return copy;
        });
        return merged;
    }

    /** {"wait_ms": {"p50": .., "p99": ..}, ...}: only the stages measured (none sent as it is are encoded). */
    static JsonObject toJson(Map<Stage, double[]> sorted) {
        JsonObject json = new JsonObject();
        sorted.forEach((stage, values) -> {
            JsonObject percentiles = new JsonObject();
            percentiles.addProperty("p50", round(ViewStats.percentile(values, 50)));
            percentiles.addProperty("p99", round(ViewStats.percentile(values, 99)));
            json.add(stage.key, percentiles);
        });
        return json;
    }

    /** "  p50 ms: wait 0.4 enc 3.1 net 0.9 dec 2.2" for the status line, or "" when nothing was measured. */
    static String statusText(Map<Stage, double[]> sorted) {
        if (sorted.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("  p50 ms:");
        sorted.forEach((stage, values) -> text.append(String.format(Locale.ROOT, " %s %.1f", stage.shortName,
                ViewStats.percentile(values, 50))));
        return text.toString();
    }

    private void add(Stage stage, double value) {
        double[] values = samples.computeIfAbsent(stage, s -> new double[256]);
        int count = counts.getOrDefault(stage, 0);
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
            samples.put(stage, values);
        }
        values[count] = value;
        counts.put(stage, count + 1);
    }

    private static double[] concat(double[] a, double[] b) {
        double[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
