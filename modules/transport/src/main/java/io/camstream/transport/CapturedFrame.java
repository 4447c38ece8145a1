package io.camstream.transport;

import io.camstream.capture.Frame;
import io.camstream.encode.FrameScaler;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A frame as the hub publishes it, with its downscaled copies and its encodings. The first
 * subscriber that needs a size or a variant computes it, and everyone else who needs the same waits
 * for that result instead of computing it again. Nothing nobody asks for is ever computed.
 */
final class CapturedFrame {

    private final Frame frame;
    private final long arrivalNanos = System.nanoTime();
    private final ConcurrentHashMap<Variant, CompletableFuture<EncodedFrame>> encodings = new ConcurrentHashMap<>(4);
    private final ConcurrentHashMap<List<Integer>, CompletableFuture<Frame>> scaled = new ConcurrentHashMap<>(2);

    CapturedFrame(Frame frame) {
        this.frame = frame;
    }

    Frame frame() {
        return frame;
    }

    long sequence() {
        return frame.sequence();
    }

    /** When the hub received it (monotonic clock), to tell a stalled source from a live one. */
    long arrivalNanos() {
        return arrivalNanos;
    }

    /** This frame at that size, scaled once however many variants want it. */
    Frame scaledTo(int width, int height) {
        if (width == frame.width() && height == frame.height()) {
            return frame;
        }
        return once(scaled, List.of(width, height), key -> FrameScaler.scale(frame, width, height));
    }

    /** This frame in that variant, encoding it with {@code encode} only if nobody has yet. */
    EncodedFrame encoded(Variant variant, Function<Variant, EncodedFrame> encode) {
        return once(encodings, variant, encode);
    }

    private static <K, V> V once(ConcurrentHashMap<K, CompletableFuture<V>> results, K key, Function<K, V> compute) {
        CompletableFuture<V> mine = new CompletableFuture<>();
        CompletableFuture<V> existing = results.putIfAbsent(key, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            V value = compute.apply(key);
            mine.complete(value);
            return value;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
