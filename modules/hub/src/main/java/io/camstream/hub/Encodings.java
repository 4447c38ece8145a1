package io.camstream.hub;

import io.camstream.capture.CaptureClock;
import io.camstream.capture.Frame;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FitToLimit;
import io.camstream.encode.FrameEncoder;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * "This frame, in this variant, within this many bytes" for one camera: the one place that knows
 * the output size, the encoder instances, the shared encodings, when a source's JPEG is sent as it
 * is (see {@link Variant}), and the steps down to a size limit.
 *
 * <p>Encoders are not thread-safe, but one variant must never wait behind another: each encoder and
 * options get a small pool of instances, one per encode running at once, up to one per core (more
 * would only queue for the processors instead). Different sizes and different frames in the same
 * encoder and options therefore encode side by side.
 */
final class Encodings implements AutoCloseable, CapturedFrame.DecodeWatch {

    private static final System.Logger LOG = System.getLogger(Encodings.class.getName());

    /** An encoder instance serves one encoder and options at any size. */
    private record EncoderKey(String encoder, EncoderOptions options) {
    }

    /** Where the fit ladder remembers its step: per exact rendition and limit. */
    private record FitKey(Rendition rendition, int maxBytes) {
    }

    private final String camera;
    private final Encoders encoders;
    private final EncodeObserver observer;
    private final FitToLimit fitToLimit = new FitToLimit();
    private final ConcurrentMap<EncoderKey, EncoderPool> instances = new ConcurrentHashMap<>();
    private final AtomicLong decodes = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private final AtomicLong observerFailures = new AtomicLong();

    Encodings(String camera, Encoders encoders, EncodeObserver observer) {
        this.camera = camera;
        this.encoders = encoders;
        this.observer = observer;
    }

    /**
     * That frame in that variant: the source's JPEG as it is when the variant takes it (see
     * {@link Variant}), else encoded; or, if that is larger than {@code maxBytes}, the nearest smaller
     * rendition that fits (see {@link FitToLimit}; a source's JPEG too large is encoded instead,
     * starting from the variant's own quality); every step is itself shared.
     */
    FittedFrame within(CapturedFrame frame, Variant variant, int maxBytes) {
        Rendition asked = variant.renditionOf(frame.frame().width(), frame.frame().height());
        EncodedFrame received = frame.asReceived(variant, asked, camera);
        if (received != null && received.size() <= maxBytes) {
            return new FittedFrame(received, false);
        }
        if (received == null) {
            EncodedFrame exact = encode(frame, asked);
            if (exact.size() <= maxBytes) {
                return new FittedFrame(exact, false);
            }
        }
        var fitted = fitToLimit.fit(new FitKey(asked, maxBytes), frame.sequence(), asked.width(), asked.height(),
                asked.options().quality(), maxBytes,
                (quality, width, height) -> encode(frame, asked.at(quality, width, height)), EncodedFrame::size);
        return new FittedFrame(fitted.encoded(), fitted.adapted() || received != null);
    }

    /** Fails now, not at the first subscriber, when a variant's encoder cannot be made. */
    void check(Variant variant) {
        instance(new EncoderKey(variant.encoder(), variant.options())).check();
    }

    /** How many times an encoder ran: the proof that fan-out encodes per variant, not per subscriber. */
    long count() {
        return instances.values().stream().mapToLong(pool -> pool.encodes.sum()).sum();
    }

    /**
     * How many times each encoder and options ran, in a stable order; those made but not used yet (the
     * default variant, checked when the hub is built) count 0.
     */
    List<CameraStats.EncoderCount> encoderCounts() {
        return instances.entrySet().stream()
                .map(entry -> new CameraStats.EncoderCount(entry.getKey().encoder(),
                        entry.getKey().options().quality(), entry.getKey().options().color(),
                        entry.getValue().encodes.sum()))
                .sorted(Comparator.comparing(CameraStats.EncoderCount::encoder)
                        .thenComparing(CameraStats.EncoderCount::quality)
                        .thenComparing(CameraStats.EncoderCount::color))
                .toList();
    }

    /** How many frames received as JPEGs were decoded: what passthrough saves is what this does not count. */
    long decodeCount() {
        return decodes.get();
    }

    @Override
    public void decoding(Frame frame) {
        decodes.incrementAndGet();
    }

    @Override
    public void undecodable(Frame frame, UncheckedIOException failure) {
        // Logged once, then quietly: a publisher sending broken JPEGs at 30 fps must not flood the log.
        LOG.log(undecodable.incrementAndGet() == 1 ? Level.WARNING : Level.DEBUG, "camera {0}: {1}; viewers who"
                + " need its pixels get a NO SIGNAL picture in its place", camera, failure.getMessage());
    }

    private EncodedFrame encode(CapturedFrame frame, Rendition rendition) {
        return frame.encoded(rendition, r -> {
            EncoderPool pool = instance(new EncoderKey(r.encoder(), r.options()));
            // Taken first: the wait for a free encoder belongs to the frame's wait, not to its encoding.
            FrameEncoder encoder = pool.take();
            try {
                // The system clock, as capture times are taken, so that viewers may subtract one from the other.
                long startMicros = CaptureClock.nowMicros();
                Frame input = frame.scaledTo(r.width(), r.height(), this);
                EncodedImage image = encoder.encode(input);
                long endMicros = CaptureClock.nowMicros();
                pool.encodes.increment();
                observe(r, image);
                return new EncodedFrame(input, camera, r.encoder(), r.options(), image, startMicros, endMicros);
            } finally {
                pool.giveBack(encoder);
            }
        });
    }

    /** A failing observer costs its measurements, never a frame: logged once, then quietly. */
    private void observe(Rendition rendition, EncodedImage image) {
        try {
            observer.encoded(camera, rendition.encoder(), rendition.options(), image.encodeNanos(),
                    image.data().length);
        } catch (RuntimeException e) {
            LOG.log(observerFailures.incrementAndGet() == 1 ? Level.WARNING : Level.DEBUG,
                    "camera " + camera + ": the encode observer failed; encoding goes on", e);
        }
    }

    private EncoderPool instance(EncoderKey key) {
        return instances.computeIfAbsent(key, k -> new EncoderPool(() -> encoders.require(k.encoder()).create(
                k.options())));
    }

    @Override
    public void close() {
        instances.values().forEach(EncoderPool::close);
    }

    /**
     * Instances of one encoder and options, each used by one encode at a time: made when every one is
     * busy, up to one per core, and kept for the next frames.
     */
    private static final class EncoderPool {
        private static final int MAX_INSTANCES = Math.max(2, Runtime.getRuntime().availableProcessors());

        private final Supplier<FrameEncoder> factory;
        private final Semaphore inUse = new Semaphore(MAX_INSTANCES);
        private final Deque<FrameEncoder> idle = new ConcurrentLinkedDeque<>();
        /** Encodes done with this encoder and options, for the camera's statistics. */
        final LongAdder encodes = new LongAdder();
        private volatile boolean closed;

        EncoderPool(Supplier<FrameEncoder> factory) {
            this.factory = factory;
        }

        /** An instance for one encode, once one is free; to be {@link #giveBack given back} after it. */
        FrameEncoder take() {
            inUse.acquireUninterruptibly();
            try {
                FrameEncoder encoder = idle.poll();
                return encoder != null ? encoder : factory.get();
            } catch (RuntimeException | Error e) {
                inUse.release();
                throw e;
            }
        }

        void giveBack(FrameEncoder encoder) {
            try {
                keep(encoder);
            } finally {
                inUse.release();
            }
        }

        /** Makes the first instance now, so that an encoder that cannot be made fails at once. */
        void check() {
            if (idle.isEmpty()) {
                keep(factory.get());
            }
        }

        void close() {
            closed = true;
            closeIdle();
        }

        private void keep(FrameEncoder encoder) {
            idle.push(encoder);
            if (closed) { // closed meanwhile: nobody else will close it
                closeIdle();
            }
        }

        private void closeIdle() {
            for (FrameEncoder encoder = idle.poll(); encoder != null; encoder = idle.poll()) {
                encoder.close();
            }
        }
    }
}
