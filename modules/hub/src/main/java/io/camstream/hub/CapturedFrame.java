package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.encode.FrameScaler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A frame as a camera publishes it, with its downscaled copies and its encodings. The first
 * subscriber that needs a size or a rendition computes it, and everyone else who needs the same
 * waits for that result instead of computing it again. Nothing nobody asks for is ever computed.
 */
public final class CapturedFrame {

    /** A downscaled size, the key of a shared scaled copy. */
    private record Size(int width, int height) {
    }

    private final Frame frame;
    private final long arrivalNanos = System.nanoTime();
    private final ConcurrentHashMap<Rendition, CompletableFuture<EncodedFrame>> encodings = new ConcurrentHashMap<>(4);
    private final ConcurrentHashMap<Size, CompletableFuture<Frame>> scaled = new ConcurrentHashMap<>(2);

    CapturedFrame(Frame frame) {
        this.frame = frame;
    }

    public Frame frame() {
        return frame;
    }

    public long sequence() {
        return frame.sequence();
    }

    /** When the camera received it (monotonic clock), to tell a stalled source from a live one. */
    long arrivalNanos() {
        return arrivalNanos;
    }

    /** This frame at that size, scaled once however many renditions want it. */
    Frame scaledTo(int width, int height) {
        if (width == frame.width() && height == frame.height()) {
            return frame;
        }
        return once(scaled, new Size(width, height),
                size -> FrameScaler.scale(scaledFrom(size), size.width(), size.height()));
    }

    /**
     * What to scale down from: a step of {@link Variant}'s ladder from the step above it (so each
     * halving reads a quarter of the pixels the one before did), any other size from the frame itself.
     */
    private Frame scaledFrom(Size size) {
        for (int times = 1; times < Integer.SIZE; times++) {
            int width = Variant.halved(frame.width(), times);
            int height = Variant.halved(frame.height(), times);
            if (width == size.width() && height == size.height()) {
                return scaledTo(Variant.halved(frame.width(), times - 1), Variant.halved(frame.height(), times - 1));
            }
            if (width < size.width() || height < size.height()) {
                break;
            }
        }
        return frame;
    }

    /** This frame in that rendition, encoding it with {@code encode} only if nobody has yet. */
    EncodedFrame encoded(Rendition rendition, Function<Rendition, EncodedFrame> encode) {
        return once(encodings, rendition, encode);
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
