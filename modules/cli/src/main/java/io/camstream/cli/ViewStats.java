package io.camstream.cli;

import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.VideoFrame;
import java.util.Arrays;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What one subscription measured: frames, rate, latency from the capture time in each frame's
 * metadata and its split into stages ({@link StageTimes}), skipped and adapted frames, and the checks
 * run on every picture. Thread-safe.
 */
final class ViewStats {

    private final long limit;
    private final LongSupplier nanoTime;
    private long frames;
    private long bytes;
    private long skipped;
    private long adapted;
    private long noSignal;
    private long firstSequence;
    private long lastSequence;
    private long outOfOrder;
    private long decodeErrors;
    private long stampMismatches;
    private long firstArrivalNanos;
    private long lastArrivalNanos;
    private long repeats;
    private long lastNewPictureNanos;
    private int width;
    private int height;
    private String encoder = "";
    private double[] latenciesMs = new double[1024];
    private final StageTimes stages = new StageTimes();

    /** Records every frame. */
    ViewStats() {
        this(Long.MAX_VALUE);
    }

    /** Records the first {@code limit} frames and ignores the rest (which arrive while the viewer stops). */
    ViewStats(long limit) {
        this(limit, System::nanoTime);
    }

    /** With the arrival clock given, so that tests can state the rates they expect. */
    ViewStats(long limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /**
     * Records one frame, unless the limit is reached.
     *
     * @param check the result of checking the picture against its metadata
     */
    synchronized void record(VideoFrame frame, long arrivalEpochMicros, PictureCheck check) {
        recordDecoded(frame, arrivalEpochMicros, check, -1);
    }

    /**
     * Records one frame, unless the limit is reached, with the time this viewer took to decode it.
     *
     * @param check the result of checking the picture against its metadata
     * @param decodeNanos how long decoding its picture took here; negative when it was not decoded
     */
    synchronized void recordDecoded(VideoFrame frame, long arrivalEpochMicros, PictureCheck check,
            long decodeNanos) {
        if (frames < limit) {
            stages.record(frame, arrivalEpochMicros, decodeNanos);
        }
        record(frame, arrivalEpochMicros, check, false);
    }

    /**
     * Records one frame, unless the limit is reached.
     *
     * @param check the result of checking the picture against its metadata
     * @param repeat whether it shows the same picture as the one before: the original sample's protocol
     *     answers each request with the newest frame, so a client faster than the camera gets copies, which
     *     count as replies but not as frames of the camera's
     */
    synchronized void record(VideoFrame frame, long arrivalEpochMicros, PictureCheck check, boolean repeat) {
        if (frames >= limit) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (repeat && frames > 0) {
            repeats++;
        } else {
            lastNewPictureNanos = now;
        }
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
        adapted += frame.getAdapted() ? 1 : 0;
        noSignal += frame.getNoSignal() ? 1 : 0;
        width = frame.getWidth();
        height = frame.getHeight();
        encoder = frame.getEncoder();
        long captureMicros = WireFrames.epochMicros(frame.getCaptureTime());
        if (frames == latenciesMs.length) {
            latenciesMs = Arrays.copyOf(latenciesMs, latenciesMs.length * 2);
        }
        latenciesMs[(int) frames] = (arrivalEpochMicros - captureMicros) / 1000.0;
        frames++;
        switch (check) {
            case UNDECODABLE -> decodeErrors++;
            case STAMP_MISMATCH -> stampMismatches++;
            case OK -> { }
        }
    }

    synchronized long frames() {
        return frames;
    }

    /** Everything measured so far, consistent at one instant. */
    synchronized Snapshot snapshot() {
        double[] sorted = Arrays.copyOf(latenciesMs, (int) frames);
        Arrays.sort(sorted);
        double fps = frames < 2 ? 0 : (frames - 1) / ((lastArrivalNanos - firstArrivalNanos) / 1e9);
        // Between the first picture and the arrival of the last new one, as fps is between first and last arrival.
        long distinct = frames - repeats;
        double distinctFps = distinct < 2 ? 0 : (distinct - 1) / ((lastNewPictureNanos - firstArrivalNanos) / 1e9);
        return new Snapshot(frames, fps, sorted, bytes, skipped, adapted, noSignal, width, height, encoder,
                firstSequence, lastSequence, outOfOrder, decodeErrors, stampMismatches, distinct, distinctFps,
                stages.sorted());
    }

    /**
     * One subscription's figures.
     *
     * @param fps frames per second between its first and last arrival
     * @param latenciesMs every frame's latency in milliseconds, sorted
     * @param distinctFrames frames that were not a repeat of the picture before (all of them, but for the
     *     original sample's protocol)
     * @param distinctFps distinct frames per second, between the first and the last new picture's arrival
     * @param stagesMs each stage's times in milliseconds, sorted; stages never measured are absent
     */
    record Snapshot(long frames, double fps, double[] latenciesMs, long bytes, long skipped, long adapted,
            long noSignal, int width, int height, String encoder, long firstSequence, long lastSequence,
            long outOfOrder, long decodeErrors, long stampMismatches, long distinctFrames, double distinctFps,
            Map<StageTimes.Stage, double[]> stagesMs) {

        long failedChecks() {
            return outOfOrder + decodeErrors + stampMismatches;
        }

        double latencyPercentile(int percent) {
            return percentile(latenciesMs, percent);
        }
    }

    /** Nearest-rank percentile of sorted values; 0 for none. */
    static double percentile(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
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
