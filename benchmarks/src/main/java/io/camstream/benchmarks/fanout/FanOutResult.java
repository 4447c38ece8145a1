package io.camstream.benchmarks.fanout;

import java.util.Arrays;
import java.util.List;

/**
 * One fan-out measurement: a design serving N clients at one size for a fixed window.
 *
 * @param fpsMin the slowest client's frames per second
 * @param fpsMedian the median client's frames per second
 * @param distinctFpsMedian the median client's frames per second counting each camera frame once
 *     (a seed-style client that asks twice between camera frames gets the same frame twice)
 * @param latencyP50Ms median latency from capture to arrival, over every frame of every client
 * @param latencyP99Ms 99th percentile of the same
 * @param serverCpuSeconds CPU time (user + system) the server process used in the window
 * @param serverCpuMsPerFrame that, per delivered frame, in milliseconds
 * @param clientCpuSeconds CPU time the harness (all clients) used in the window; it shares the machine
 * @param errors streams or calls that failed in the window
 * @param bytesDelivered the pictures' bytes every client received in the window, without framing: each
 *     JPEG's length (its base64 text's for the seed's design, which carries that)
 * @param serverCpuNsPerByte server CPU time per delivered byte, in nanoseconds; NaN when none arrived
 */
public record FanOutResult(String design, String size, int subscribers, double fps, double windowSeconds,
        long framesDelivered, double fpsMin, double fpsMedian, double distinctFpsMedian, double latencyP50Ms,
        double latencyP99Ms, double serverCpuSeconds, double serverCpuMsPerFrame, double clientCpuSeconds,
        long errors, long bytesDelivered, double serverCpuNsPerByte) {

    static FanOutResult of(Design design, String size, int subscribers, double fps, double windowSeconds,
            List<SubscriberStats> stats, double serverCpuSeconds, double clientCpuSeconds) {
        double[] perClient = stats.stream().mapToDouble(s -> s.frames() / windowSeconds).sorted().toArray();
        double[] distinct = stats.stream().mapToDouble(s -> s.distinctFrames() / windowSeconds).sorted().toArray();
        long[] latencies = stats.stream().map(SubscriberStats::latencies).flatMapToLong(Arrays::stream)
                .sorted().toArray();
        long frames = stats.stream().mapToLong(SubscriberStats::frames).sum();
        long errors = stats.stream().mapToLong(SubscriberStats::errors).sum();
        long bytes = stats.stream().mapToLong(SubscriberStats::bytes).sum();
        return new FanOutResult(design.id(), size, subscribers, fps, windowSeconds, frames,
                perClient.length == 0 ? 0 : perClient[0], median(perClient), median(distinct),
                percentile(latencies, 0.50) / 1000.0, percentile(latencies, 0.99) / 1000.0, serverCpuSeconds,
                frames == 0 ? Double.NaN : 1000.0 * serverCpuSeconds / frames, clientCpuSeconds, errors, bytes,
                bytes == 0 ? Double.NaN : 1e9 * serverCpuSeconds / bytes);
    }

    private static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Nearest-rank percentile of sorted values; NaN when there are none. */
    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(fraction * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
