package io.camstream.cli;

import com.google.gson.JsonObject;
import io.camstream.protocol.v1.VideoFrame;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a viewer measured: frames, rate, latency from the capture time in each frame's metadata,
 * skipped frames, and the checks it ran on every picture. Thread-safe.
 */
final class ViewStats {

    private final long startNanos = System.nanoTime();
    private long frames;
    private long bytes;
    private long skipped;
    private long firstSequence;
    private long lastSequence;
    private long outOfOrder;
    private long decodeErrors;
    private long stampMismatches;
    private long firstArrivalNanos;
    private long lastArrivalNanos;
    private int width;
    private int height;
    private String encoder = "";
    private double[] latenciesMs = new double[1024];
    private long windowFrames;
    private long windowStartNanos = System.nanoTime();

    /**
     * Records one frame.
     *
     * @param check the result of decoding the picture and reading its stamp
     */
    synchronized void record(VideoFrame frame, long arrivalEpochMicros, PictureCheck check) {
        long now = System.nanoTime();
        if (frames == 0) {
            firstSequence = frame.getSequence();
            firstArrivalNanos = now;
        } else if (frame.getSequence() <= lastSequence) {
            outOfOrder++;
        }
        lastArrivalNanos = now;
        lastSequence = Math.max(lastSequence, frame.getSequence());
        bytes += frame.getData().size();
        skipped += frame.getSkipped();
        width = frame.getWidth();
        height = frame.getHeight();
        encoder = frame.getEncoder();
        long captureMicros = frame.getCaptureTime().getSeconds() * 1_000_000L + frame.getCaptureTime().getNanos() / 1000;
        if (frames == latenciesMs.length) {
            latenciesMs = Arrays.copyOf(latenciesMs, latenciesMs.length * 2);
        }
        latenciesMs[(int) frames] = (arrivalEpochMicros - captureMicros) / 1000.0;
        frames++;
        windowFrames++;
        switch (check) {
            case UNDECODABLE -> decodeErrors++;
            case STAMP_MISMATCH -> stampMismatches++;
            case OK -> { }
        }
    }

    synchronized long frames() {
        return frames;
    }

    synchronized long failedChecks() {
        return outOfOrder + decodeErrors + stampMismatches;
    }

    /** Frames per second between the first and the last arrival. */
    synchronized double fps() {
        return frames < 2 ? 0 : (frames - 1) / ((lastArrivalNanos - firstArrivalNanos) / 1e9);
    }

    /** One status line; the rate is over the time since the previous status line. */
    synchronized String statusLine() {
        long now = System.nanoTime();
        double windowFps = windowFrames / Math.max(1e-9, (now - windowStartNanos) / 1e9);
        windowFrames = 0;
        windowStartNanos = now;
        double[] sorted = sortedLatencies();
        return String.format(Locale.ROOT,
                "%dx%d %s  frames %d  fps %.1f  latency p50 %.1f ms p99 %.1f ms  skipped %d  %.1f KiB/frame%s",
                width, height, encoder, frames, windowFps, percentile(sorted, 50), percentile(sorted, 99), skipped,
                frames == 0 ? 0.0 : bytes / 1024.0 / frames,
                failedChecks() == 0 ? "" : "  FAILED CHECKS " + failedChecks());
    }

    /** The summary as one JSON object (see README for the fields). */
    synchronized JsonObject toJson(String target) {
        double[] sorted = sortedLatencies();
        JsonObject latency = new JsonObject();
        latency.addProperty("p50", round(percentile(sorted, 50)));
        latency.addProperty("p99", round(percentile(sorted, 99)));
        latency.addProperty("max", round(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
        JsonObject json = new JsonObject();
        json.addProperty("target", target);
        json.addProperty("frames", frames);
        json.addProperty("fps", round(fps()));
        json.add("latency_ms", latency);
        json.addProperty("skipped", skipped);
        json.addProperty("bytes", bytes);
        json.addProperty("width", width);
        json.addProperty("height", height);
        json.addProperty("encoder", encoder);
        json.addProperty("first_sequence", firstSequence);
        json.addProperty("last_sequence", lastSequence);
        json.addProperty("out_of_order", outOfOrder);
        json.addProperty("decode_errors", decodeErrors);
        json.addProperty("stamp_mismatches", stampMismatches);
        json.addProperty("seconds", round((System.nanoTime() - startNanos) / 1e9));
        return json;
    }

    private double[] sortedLatencies() {
        double[] sorted = Arrays.copyOf(latenciesMs, (int) frames);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Nearest-rank percentile. */
    static double percentile(double[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** The outcome of checking one received picture. */
    enum PictureCheck {
        OK,
        /** The bytes are not a JPEG of the size the metadata says. */
        UNDECODABLE,
        /** The stamp in the picture disagrees with the metadata. */
        STAMP_MISMATCH
    }
}
