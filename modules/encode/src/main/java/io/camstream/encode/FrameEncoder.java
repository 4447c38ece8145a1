package io.camstream.encode;

import io.camstream.capture.Frame;

/**
 * Encodes frames with fixed options. An instance keeps buffers and native state between frames,
 * so it is not thread-safe: use one per thread, or serialise calls.
 */
public interface FrameEncoder extends AutoCloseable {

    /** The provider's stable name, e.g. {@code imageio}. */
    String name();

    EncoderOptions options();

    /**
     * Encodes one frame at its own size.
     *
     * @throws NullPointerException when frame is null
     * @throws EncodingException when the underlying codec fails
     */
    EncodedImage encode(Frame frame);

    /** Releases buffers and native state; the encoder is unusable afterwards. */
    @Override
    void close();
}
