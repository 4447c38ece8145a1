package io.camstream.transport;

import io.camstream.capture.Frame;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A frame as the hub publishes it, with its encodings: the first subscriber that needs a variant
 * encodes it, and everyone else who needs the same variant waits for that result instead of
 * encoding again. Variants nobody asks for are never encoded.
 */
final class CapturedFrame {

    private final Frame frame;
    private final ConcurrentHashMap<Variant, CompletableFuture<EncodedFrame>> encodings = new ConcurrentHashMap<>(4);

    CapturedFrame(Frame frame) {
        this.frame = frame;
    }

    Frame frame() {
        return frame;
    }

    long sequence() {
        return frame.sequence();
    }

    /** This frame in that variant, encoding it with {@code encode} only if nobody has yet. */
    EncodedFrame encoded(Variant variant, Function<Frame, EncodedFrame> encode) {
        CompletableFuture<EncodedFrame> mine = new CompletableFuture<>();
        CompletableFuture<EncodedFrame> existing = encodings.putIfAbsent(variant, mine);
        if (existing != null) {
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        try {
            EncodedFrame encoded = encode.apply(frame);
            mine.complete(encoded);
            return encoded;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        }
    }
}
