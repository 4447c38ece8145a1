package io.camstream.metrics;

import io.camstream.capture.TestPatternSource;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.Hub;
import io.camstream.hub.Mailbox;
import io.camstream.hub.Variant;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A hub for metrics tests: a test-pattern camera "front" and a published camera "door" nobody publishes
 * to (so NO SIGNAL, down), with metrics told of every encode; and viewers that take, encode and "send"
 * frames on the test's thread, telling their mailbox as an adapter does, and counting what they sent.
 */
final class Traffic implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(20);

    final Hub hub;

    Traffic(CamstreamMetrics metrics) {
        this.hub = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider())))
                .encodeObserver(metrics)
                .camera("front", new TestPatternSource(160, 120, 60))
                .publishedCamera("door")
                .build();
        metrics.bind(hub);
        hub.start();
    }

    /** A viewer of camera "front". */
    Viewer viewer(String protocol, Variant variant, int maxBytes) {
        return new Viewer(protocol, variant, maxBytes);
    }

    @Override
    public void close() {
        hub.close();
    }

    final class Viewer implements AutoCloseable {
        private final Semaphore signals = new Semaphore(0);
        private final Variant variant;
        private final int maxBytes;
        final Mailbox mailbox;
        long frames;
        long bytes;
        long skipped;
        long adapted;
        private long lastSequence;

        private Viewer(String protocol, Variant variant, int maxBytes) {
            this.variant = variant;
            this.maxBytes = maxBytes;
            this.mailbox = hub.camera("front").subscribe(protocol, variant, signals::release);
        }

        /** Sends {@code count} more frames, failing after a while. */
        Viewer send(int count) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (int sent = 0; sent < count; ) {
                CapturedFrame frame = mailbox.poll();
                if (frame == null) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("only " + sent + " of " + count + " frames within " + WAIT);
                    }
                    signals.tryAcquire(50, TimeUnit.MILLISECONDS);
                    continue;
                }
                FittedFrame fitted = mailbox.camera().encode(frame, variant, maxBytes);
                long missed = lastSequence == 0 ? 0 : frame.sequence() - lastSequence - 1;
                mailbox.sent(fitted.encoded().size(), missed, fitted.adapted());
                frames++;
                bytes += fitted.encoded().size();
                skipped += missed;
                adapted += fitted.adapted() ? 1 : 0;
                lastSequence = frame.sequence();
                sent++;
            }
            return this;
        }

        @Override
        public void close() {
            mailbox.close();
        }
    }
}
