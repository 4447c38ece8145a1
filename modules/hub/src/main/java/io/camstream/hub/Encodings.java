package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FitToLimit;
import io.camstream.encode.FrameEncoder;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * "This frame, in this variant, within this many bytes" for one camera: the one place that knows
 * the output size, the encoder instances, the shared encodings and the steps down to a size limit.
 */
final class Encodings implements AutoCloseable {

    /** An encoder instance serves one encoder and options at any size. */
    private record EncoderKey(String encoder, EncoderOptions options) {
    }

    /** Where the fit ladder remembers its step: per exact rendition and limit. */
    private record FitKey(Rendition rendition, int maxBytes) {
    }

    private final String camera;
    private final Encoders encoders;
    private final FitToLimit fitToLimit = new FitToLimit();
    private final ConcurrentMap<EncoderKey, SerialEncoder> instances = new ConcurrentHashMap<>();
    private final AtomicLong count = new AtomicLong();

    Encodings(String camera, Encoders encoders) {
        this.camera = camera;
        this.encoders = encoders;
    }

    /**
     * That frame in that variant, or, if its encoding is larger than {@code maxBytes}, in the nearest
     * smaller rendition that fits (see {@link FitToLimit}); every step is itself shared.
     */
    FittedFrame within(CapturedFrame frame, Variant variant, int maxBytes) {
        Rendition asked = variant.renditionOf(frame.frame().width(), frame.frame().height());
        EncodedFrame exact = encode(frame, asked);
        if (exact.size() <= maxBytes) {
            return new FittedFrame(exact, false);
        }
        var fitted = fitToLimit.fit(new FitKey(asked, maxBytes), frame.sequence(), asked.width(), asked.height(),
                asked.options().quality(), maxBytes,
                (quality, width, height) -> encode(frame, asked.at(quality, width, height)), EncodedFrame::size);
        return new FittedFrame(fitted.encoded(), fitted.adapted());
    }

    /** Fails now, not at the first subscriber, when a variant's encoder cannot be made. */
    void check(Variant variant) {
        instance(new EncoderKey(variant.encoder(), variant.options()));
    }

    /** How many times an encoder ran: the proof that fan-out encodes per variant, not per subscriber. */
    long count() {
        return count.get();
    }

    private EncodedFrame encode(CapturedFrame frame, Rendition rendition) {
        return frame.encoded(rendition, r -> {
            Frame input = frame.scaledTo(r.width(), r.height());
            EncodedImage image = instance(new EncoderKey(r.encoder(), r.options())).encode(input);
            count.incrementAndGet();
            return new EncodedFrame(input, camera, r.encoder(), r.options(), image);
        });
    }

    private SerialEncoder instance(EncoderKey key) {
        return instances.computeIfAbsent(key,
                k -> new SerialEncoder(encoders.require(k.encoder()).create(k.options())));
    }

    @Override
    public void close() {
        instances.values().forEach(SerialEncoder::close);
    }

    /** Encoders are not thread-safe: one encode at a time per instance. */
    private static final class SerialEncoder {
        private final FrameEncoder encoder;

        SerialEncoder(FrameEncoder encoder) {
            this.encoder = encoder;
        }

        synchronized EncodedImage encode(Frame frame) {
            return encoder.encode(frame);
        }

        synchronized void close() {
            encoder.close();
        }
    }
}
