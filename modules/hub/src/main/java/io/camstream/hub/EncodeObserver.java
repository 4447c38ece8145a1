package io.camstream.hub;

import io.camstream.encode.EncoderOptions;

/**
 * Told of every encode a hub runs, for whoever measures them (a histogram of encode times per
 * encoder, say): the hub itself keeps only counts ({@link Camera#stats()}), never every duration.
 *
 * <p>It runs on the thread that encoded, a subscriber's, never the capture thread; but that subscriber
 * waits for it, and so does everyone sharing the encode, so it must return at once and never block.
 */
@FunctionalInterface
public interface EncodeObserver {

    /** Watches nothing: the default. */
    EncodeObserver NONE = (camera, encoder, options, nanos, bytes) -> {
    };

    /**
     * One encode done.
     *
     * @param camera the camera's name
     * @param encoder the encoder plugin's name
     * @param options the quality and colour mode it encoded with (a lower quality than asked when adapting
     *     to a size limit)
     * @param nanos how long the encoder took, gray conversion included (scaling and waiting are not)
     * @param bytes the size of the picture it made
     */
    void encoded(String camera, String encoder, EncoderOptions options, long nanos, int bytes);
}
