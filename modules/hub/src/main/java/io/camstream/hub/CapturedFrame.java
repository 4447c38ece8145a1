package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.capture.Jpeg;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.ColorMode;
import io.camstream.encode.FrameScaler;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A frame as a camera publishes it, with its downscaled copies and its encodings. The first
 * subscriber that needs a size or a rendition computes it, and everyone else who needs the same
 * waits for that result instead of computing it again. Nothing nobody asks for is ever computed: a
 * frame received as a JPEG is decoded only for a rendition that needs pixels, and subscribers who
 * take it as it is get the source's bytes.
 */
public final class CapturedFrame {

    /** Told when a frame received as a JPEG is decoded, or cannot be. */
    interface DecodeWatch {
        void decoding(Frame frame);

        void undecodable(Frame frame, UncheckedIOException failure);
    }

    /** A size of the frame, the key of a shared scaled copy (or, at the frame's own size, of its decode). */
    private record Size(int width, int height) {
    }

    private final Frame frame;
    private final long arrivalNanos = System.nanoTime();
    private final ConcurrentHashMap<Rendition, CompletableFuture<EncodedFrame>> encodings = new ConcurrentHashMap<>(4);
    private final ConcurrentHashMap<Size, CompletableFuture<Frame>> scaled = new ConcurrentHashMap<>(2);
    private volatile EncodedFrame passthrough;

    CapturedFrame(Frame frame) {
        this.frame = frame;
    }

    /**
     * A frame that no camera captured, to be encoded with {@link Camera#encode} all the same (a
     * benchmark's or a test's): it shares its encodings and its decode like any captured frame.
     */
    public static CapturedFrame of(Frame frame) {
        return new CapturedFrame(frame);
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

    /**
     * The source's JPEG as it is, when that is exactly what {@code variant} makes of this frame (see
     * {@link Variant}): same colour mode, same size. Null otherwise, and for a frame made of pixels.
     */
    EncodedFrame asReceived(Variant variant, Rendition rendition, String camera) {
        if (!variant.acceptsSourceJpeg() || frame.jpeg().isEmpty()) {
            return null;
        }
        Jpeg jpeg = frame.jpeg().get();
        ColorMode color = jpeg.format() == PixelFormat.GRAY8 ? ColorMode.GRAY : ColorMode.COLOR;
        if (color != rendition.options().color() || rendition.width() != jpeg.width()
                || rendition.height() != jpeg.height()) {
            return null;
        }
        EncodedFrame shared = passthrough;
        if (shared == null) {
            // Two threads may both wrap it the first time; either wrapper serves, and it costs nothing.
            shared = EncodedFrame.passthrough(frame, jpeg, camera);
            passthrough = shared;
        }
        return shared;
    }

    /**
     * This frame at that size, with pixels: scaled once however many renditions want it; at its own
     * size, decoded first if it came as a JPEG (once), or a NO SIGNAL picture in its place if that
     * JPEG cannot be decoded, so one broken frame costs its viewers that frame, not their streams.
     */
    Frame scaledTo(int width, int height, DecodeWatch watch) {
        if (width == frame.width() && height == frame.height()) {
            return frame.hasPixels() ? frame : once(scaled, new Size(width, height), size -> decoded(watch));
        }
        return once(scaled, new Size(width, height),
                size -> FrameScaler.scale(scaledFrom(size, watch), size.width(), size.height()));
    }

    /**
     * What to scale down from: a step of {@link Variant}'s ladder from the step above it (so each
     * halving reads a quarter of the pixels the one before did), any other size from the frame itself.
     */
    private Frame scaledFrom(Size size, DecodeWatch watch) {
        for (int times = 1; times < Integer.SIZE; times++) {
            int width = Variant.halved(frame.width(), times);
            int height = Variant.halved(frame.height(), times);
            if (width == size.width() && height == size.height()) {
                return scaledTo(Variant.halved(frame.width(), times - 1), Variant.halved(frame.height(), times - 1),
                        watch);
            }
            if (width < size.width() || height < size.height()) {
                break;
            }
        }
        return scaledTo(frame.width(), frame.height(), watch);
    }

    private Frame decoded(DecodeWatch watch) {
        if (frame.hasPixels()) {
            return frame;
        }
        watch.decoding(frame);
        try {
            frame.pixels();
            return frame;
        } catch (UncheckedIOException e) {
            watch.undecodable(frame, e);
            return Frame.noSignal(frame.sequence(), frame.captureEpochMicros(), frame.width(), frame.height(),
                    frame.format());
        }
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
