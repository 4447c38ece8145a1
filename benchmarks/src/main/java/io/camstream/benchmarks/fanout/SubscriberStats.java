package io.camstream.benchmarks.fanout;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

/**
 * What one subscriber received during the measured window: frames, distinct frames, the pictures'
 * bytes (the JPEG's length, or its base64 text's for the seed's protocol: what each design carries,
 * without its framing), and each frame's latency from its capture time (server and client share this
 * machine's clock). Called
 * from one gRPC thread at a time per subscriber, read by the harness after the window closes.
 */
final class SubscriberStats {

    private static final Clock CLOCK = Clock.systemUTC();

    private volatile boolean measuring;
    private volatile boolean received;
    private long frames;
    private long distinctFrames;
    private long bytes;
    private long lastCaptureMicros = Long.MIN_VALUE;
    private long errors;
    private long[] latencyMicros = new long[1024];

    synchronized void startMeasuring() {
        frames = 0;
        distinctFrames = 0;
        bytes = 0;
        errors = 0;
        measuring = true;
    }

    void stopMeasuring() {
        measuring = false;
    }

    /**
     * Records a frame captured at this time (epoch microseconds) whose picture took {@code payloadBytes}:
     * the encoded image as the design carries it, so that server CPU per byte compares designs whose
     * frames differ in size (base64 is a third larger) or framing.
     */
    synchronized void frame(long captureMicros, long payloadBytes) {
        received = true;
        if (!measuring) {
            return;
        }
        Instant now = CLOCK.instant();
        long latency = now.getEpochSecond() * 1_000_000L + now.getNano() / 1000 - captureMicros;
        if (frames == latencyMicros.length) {
            latencyMicros = Arrays.copyOf(latencyMicros, latencyMicros.length * 2);
        }
        latencyMicros[(int) frames] = latency;
        frames++;
        bytes += payloadBytes;
        if (captureMicros != lastCaptureMicros) {
            distinctFrames++;
            lastCaptureMicros = captureMicros;
        }
    }

    synchronized void error() {
        if (measuring) {
            errors++;
        }
    }

    /** Whether any frame has arrived, measured or not: the warm-up waits for this. */
    boolean received() {
        return received;
    }

    synchronized long frames() {
        return frames;
    }

    synchronized long distinctFrames() {
        return distinctFrames;
    }

    /** The pictures' bytes received in the window. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized long errors() {
        return errors;
    }

    synchronized long[] latencies() {
        return Arrays.copyOf(latencyMicros, (int) frames);
    }
}
