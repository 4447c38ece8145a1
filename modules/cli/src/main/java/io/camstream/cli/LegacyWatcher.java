package io.camstream.cli;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.camstream.capture.CaptureClock;
import io.camstream.client.CamstreamClient;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.StatusException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * Watches a server the way the original sample's {@code Client.py} does: one {@code getStream}
 * call per frame, one request, one base64 reply. Works against camstream and against the sample's
 * own {@code Server.py}, in either of the sample's versions (base64 or raw JPEG replies). The protocol
 * carries no metadata, so each reply is recorded as a frame numbered by arrival whose "capture time" is
 * when it was requested: latency here is the round trip. A reply that repeats the previous picture is
 * recorded as a repeat, so that the camera's rate is told apart from the rate of replies.
 */
final class LegacyWatcher implements Runnable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final CamstreamClient client;
    private final ViewStats stats;
    private final boolean decode;
    private final long intervalNanos;
    private final Listener listener;
    private volatile boolean stopped;

    /** What the watcher tells its owner. */
    interface Listener {
        void frameRecorded(ViewStats stats);

        void ended(Status status);
    }

    /** @param maxFps at most this many requests per second; 0 for as fast as replies come, like the sample */
    LegacyWatcher(CamstreamClient client, ViewStats stats, boolean decode, double maxFps, Listener listener) {
        this.client = client;
        this.stats = stats;
        this.decode = decode;
        this.intervalNanos = maxFps > 0 ? (long) (1e9 / maxFps) : 0;
        this.listener = listener;
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        long sequence = 0;
        long next = System.nanoTime();
        byte[] previous = null;
        while (!stopped) {
            Instant asked = Instant.now();
            byte[] jpeg;
            try {
                jpeg = client.fetchLegacyJpeg(CALL_TIMEOUT);
            } catch (StatusException e) {
                if (!stopped) {
                    listener.ended(e.getStatus());
                }
                return;
            } catch (InterruptedException e) {
                return;
            }
            Instant arrived = Instant.now();
            // The array is fresh from the base64 decoder and never written again: wrap it, no copy.
            ByteString data = UnsafeByteOperations.unsafeWrap(jpeg);
            int[] size = PictureChecker.JpegHeader.size(data);
            VideoFrame frame = VideoFrame.newBuilder()
                    .setSequence(++sequence)
                    .setCaptureTime(WireFrames.timestamp(CaptureClock.epochMicros(asked)))
                    .setWidth(size == null ? 0 : size[0])
                    .setHeight(size == null ? 0 : size[1])
                    .setContentType("image/jpeg")
                    .setEncoder("legacy")
                    .setData(data)
                    .build();
            ViewStats.PictureCheck check = size == null
                    ? ViewStats.PictureCheck.UNDECODABLE
                    : PictureChecker.check(frame, decode, false).result();
            // The protocol numbers nothing: a reply that repeats the previous picture byte for byte is the same
            // frame again (camstream encodes each frame once, the sample re-encodes the same picture identically).
            stats.record(frame, CaptureClock.epochMicros(arrived), check, Arrays.equals(previous, jpeg));
            previous = jpeg;
            listener.frameRecorded(stats);
            if (intervalNanos > 0 && !pace(next += intervalNanos)) {
                return;
            }
        }
    }


    private static boolean pace(long dueNanos) {
        long wait = dueNanos - System.nanoTime();
        if (wait <= 0) {
            return true;
        }
        try {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }
}
