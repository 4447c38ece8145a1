package io.camstream.transport;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import io.grpc.Status;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One camera: captures from its source on its own thread, keeps the newest frame, and hands it to
 * every subscriber. Encoding is lazy and shared (see {@link CapturedFrame}), so the capture thread
 * never encodes and never waits for a client, and a frame is encoded once per variant however many
 * subscribers want it. With nobody subscribed, capture keeps running (the camera stays warm and the
 * first subscriber gets a frame at once) but nothing is encoded.
 */
final class FrameHub implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(FrameHub.class.getName());
    /** A source silent for longer than this (and at least a few frame periods) counts as down. */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final String name;
    private final FrameSource source;
    private final Encoders encoders;
    private final Variant defaultVariant;
    private final FitToLimit fitToLimit = new FitToLimit();
    private final ConcurrentMap<Variant, VariantEncoder> variantEncoders = new ConcurrentHashMap<>();
    private final Set<FrameSubscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong encodeCount = new AtomicLong();
    private final Thread captureThread;
    private final Object firstFrame = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CapturedFrame latest;

    FrameHub(String name, FrameSource source, Encoders encoders, Variant defaultVariant) {
        this.name = name;
        this.source = source;
        this.encoders = encoders;
        this.defaultVariant = defaultVariant;
        encoderFor(defaultVariant); // fail fast on a bad default, before any client sees it
        this.captureThread = new Thread(this::captureLoop, "camstream-capture-" + name);
        captureThread.setDaemon(true);
    }

    void start() {
        captureThread.start();
    }

    String name() {
        return name;
    }

    FrameSource source() {
        return source;
    }

    SourceInfo sourceInfo() {
        return source.info();
    }

    Variant defaultVariant() {
        return defaultVariant;
    }

    /**
     * The variant a client asked for, with the server's defaults filled in.
     *
     * @param encoder plugin name, or empty for the server's
     * @param quality 1..100, or 0 for the server's
     * @param color the colour mode, or null for the server's
     * @param maxWidth downscale limit, 0 for none
     * @param maxHeight downscale limit, 0 for none
     * @throws IllegalArgumentException saying what is wrong with the request
     */
    Variant variant(String encoder, int quality, ColorMode color, int maxWidth, int maxHeight) {
        EncoderOptions defaults = defaultVariant.options();
        String encoderName = encoder == null || encoder.isEmpty() ? defaultVariant.encoder() : encoder;
        EncoderProvider provider = encoders.require(encoderName);
        EncoderOptions options = new EncoderOptions(quality == 0 ? defaults.quality() : quality,
                color == null ? defaults.color() : color);
        provider.checkSupports(options);
        return new Variant(encoderName, options, maxWidth, maxHeight);
    }

    /** The newest frame, or null before the first one. */
    CapturedFrame latest() {
        return latest;
    }

    /**
     * Whether the source is delivering real frames: false before the first frame, while it sends
     * NO SIGNAL placeholders, and when it has been silent for a while.
     */
    boolean live() {
        CapturedFrame frame = latest;
        if (frame == null || frame.frame().placeholder()) {
            return false;
        }
        double fps = source.info().fps();
        long periods = fps > 0 ? (long) (3 * 1e9 / fps) : 0;
        return System.nanoTime() - frame.arrivalNanos() < Math.max(STALE_NANOS, periods);
    }

    /** Waits for the first frame; true when there is one. */
    boolean awaitFirstFrame(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        synchronized (firstFrame) {
            while (latest == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(firstFrame, left);
            }
        }
        return true;
    }

    /** Starts handing frames to this subscriber, beginning with the newest one if there is one. */
    void subscribe(FrameSubscriber subscriber) {
        if (closed.get()) {
            subscriber.close(Status.UNAVAILABLE.withDescription("camstream server is shutting down"));
            return;
        }
        subscribers.add(subscriber);
        CapturedFrame current = latest;
        if (current != null) {
            subscriber.offer(current);
        }
    }

    void unsubscribe(FrameSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    int subscriberCount() {
        return subscribers.size();
    }

    /** How many times any encoder ran: the proof that fan-out encodes per variant, not per client. */
    long encodeCount() {
        return encodeCount.get();
    }

    /** That frame in exactly that variant, encoded now unless someone already did. */
    EncodedFrame encode(CapturedFrame frame, Variant variant) {
        return frame.encoded(variant, v -> {
            int[] size = v.outputSize(frame.frame().width(), frame.frame().height());
            Frame input = frame.scaledTo(size[0], size[1]);
            encodeCount.incrementAndGet();
            return new EncodedFrame(input, name, v, encoderFor(v).encode(input));
        });
    }

    /**
     * That frame in that variant, or, if its JPEG is larger than {@code maxBytes}, in the nearest
     * smaller variant that fits (see {@link FitToLimit}); every step is itself a shared variant.
     */
    FitToLimit.Fitted<EncodedFrame> encodeWithin(CapturedFrame frame, Variant variant, int maxBytes) {
        EncodedFrame requested = encode(frame, variant);
        if (requested.size() <= maxBytes) {
            return new FitToLimit.Fitted<>(requested, false);
        }
        int[] size = variant.outputSize(frame.frame().width(), frame.frame().height());
        return fitToLimit.fit(java.util.List.of(variant, maxBytes), frame.sequence(), size[0], size[1],
                variant.options().quality(), maxBytes,
                (quality, width, height) -> encode(frame, variant.adaptedTo(quality, width, height)),
                EncodedFrame::size);
    }

    private VariantEncoder encoderFor(Variant variant) {
        return variantEncoders.computeIfAbsent(new Variant(variant.encoder(), variant.options()),
                v -> new VariantEncoder(encoders.require(v.encoder()).create(v.options())));
    }

    private void captureLoop() {
        boolean failing = false;
        while (!closed.get()) {
            try {
                Frame frame = source.grab();
                if (failing) {
                    LOG.log(Level.INFO, "camera {0}: source {1} is delivering frames again", name, source.info().description());
                    failing = false;
                }
                publish(new CapturedFrame(frame));
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed.get()) {
                    return;
                }
                if (!failing) {
                    LOG.log(Level.WARNING, "camera " + name + ": source " + source.info().description()
                            + " failed; retrying every 500 ms: " + e);
                    failing = true;
                }
                if (!pause(500)) {
                    return;
                }
            }
        }
    }

    private void publish(CapturedFrame frame) {
        boolean first = latest == null;
        latest = frame;
        if (first) {
            synchronized (firstFrame) {
                firstFrame.notifyAll();
            }
        }
        for (FrameSubscriber subscriber : subscribers) {
            subscriber.offer(frame);
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Stops capture and ends every subscriber's stream with this status; later calls do nothing. */
    void close(Status status) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        source.close();
        captureThread.interrupt();
        try {
            captureThread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (FrameSubscriber subscriber : subscribers) {
            subscriber.close(status);
        }
        subscribers.clear();
        variantEncoders.values().forEach(VariantEncoder::close);
    }

    @Override
    public void close() {
        close(Status.UNAVAILABLE.withDescription("camstream server is shutting down"));
    }

    /**
     * One encoder instance per encoder and options, whatever the output size (encoders take any
     * size); encoders are not thread-safe, so calls are serialised.
     */
    private static final class VariantEncoder {
        private final FrameEncoder encoder;

        VariantEncoder(FrameEncoder encoder) {
            this.encoder = encoder;
        }

        synchronized io.camstream.encode.EncodedImage encode(Frame frame) {
            return encoder.encode(frame);
        }

        synchronized void close() {
            encoder.close();
        }
    }
}
