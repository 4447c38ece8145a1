package io.camstream.cli;

import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.VideoFrame;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Feeds received frames into a {@link Recording}, made at the first frame (a container needs the frame size in
 * its header), and counts what happened for the summary. Thread-safe: frames arrive on gRPC's threads while
 * the command waits, and the command finishes the file.
 */
final class Recorder implements AutoCloseable {

    private final Path file;
    private final Recording.Format format;
    private final long limit;
    private final long maxSpanMicros;
    private long firstArrivalNanos;
    private Recording recording;
    private String problem;
    private boolean finished;
    private long recorded;
    private long leftOut;
    private long skipped;
    private long noSignal;
    private long resized;
    private long bytes;
    private long firstMicros;
    private long lastMicros;
    private int width;
    private int height;

    /**
     * @param limit how many frames to record at most
     * @param maxSpanMicros how much capture time to record at most: frames captured later than this after the
     *     first are not
     */
    Recorder(Path file, Recording.Format format, long limit, long maxSpanMicros) {
        this.file = file;
        this.format = format;
        this.limit = limit;
        this.maxSpanMicros = maxSpanMicros;
    }

    /**
     * Stores one frame.
     *
     * @return whether to go on: false once the limit is reached, the file failed, or the recording was finished
     */
    synchronized boolean record(VideoFrame frame) {
        if (finished || problem != null || recorded >= limit) {
            return false;
        }
        long captured = WireFrames.epochMicros(frame.getCaptureTime());
        if (recording != null && captured - firstMicros > maxSpanMicros) {
            return false;
        }
        try {
            if (recording == null) {
                firstArrivalNanos = System.nanoTime();
                width = frame.getWidth();
                height = frame.getHeight();
                firstMicros = captured;
                recording = format.create(file, width, height);
            }
            if (!recording.write(frame.getData().toByteArray(), captured)) {
                leftOut++;
                return true;
            }
        } catch (IOException | RuntimeException e) {
            problem = "cannot record into " + file + ": " + e.getMessage();
            return false;
        }
        recorded++;
        bytes += frame.getData().size();
        lastMicros = captured;
        // Skipped frames are the ones the server dropped because this client or its link was slower than the camera.
        skipped += recorded == 1 ? 0 : frame.getSkipped();
        noSignal += frame.getNoSignal() ? 1 : 0;
        resized += frame.getWidth() != width || frame.getHeight() != height ? 1 : 0;
        return recorded < limit;
    }

    synchronized long recorded() {
        return recorded;
    }

    /** When the first frame arrived ({@link System#nanoTime}), or 0 before it. */
    synchronized long firstArrivalNanos() {
        return firstArrivalNanos;
    }

    /** Takes no frame from now on, for this reason (unless something went wrong already). */
    synchronized void giveUp(String reason) {
        problem = problem != null ? problem : reason;
    }

    /**
     * Finishes the file; no frame is taken after this.
     *
     * @return what went wrong with the file, or null
     */
    synchronized String finish() {
        if (!finished) {
            finished = true;
            if (recording != null) {
                try {
                    recording.close();
                } catch (IOException e) {
                    problem = problem != null ? problem : "cannot finish " + file + ": " + e.getMessage();
                }
            } else {
                problem = (problem != null ? problem : "no frame came") + ", so nothing was written to " + file;
            }
        }
        return problem;
    }

    /** One line: frames, size, the capture-time span and rate, and what was left out. */
    synchronized String summary() {
        double span = (lastMicros - firstMicros) / 1e6;
        return String.format(Locale.ROOT, "%d frames %dx%d (%d bytes) over %.3f s of capture time (%.2f fps) into "
                + "%s%s%s%s%s", recorded, width, height, bytes, span, recorded < 2 || span <= 0 ? 0.0
                        : (recorded - 1) / span, file,
                skipped == 0 ? "" : "; the server skipped " + skipped + " (this client or its link was slower)",
                leftOut == 0 ? "" : "; " + leftOut + " left out (no later capture time than the frame before)",
                noSignal == 0 ? "" : "; " + noSignal + " NO SIGNAL pictures",
                resized == 0 ? "" : "; " + resized + " at another size (adapted to the message limit)");
    }

    @Override
    public void close() {
        finish();
    }
}
