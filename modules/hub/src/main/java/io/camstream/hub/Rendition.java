package io.camstream.hub;

import io.camstream.encode.EncoderOptions;

/** One exact encoding of a frame: encoder, options and output size; the key under which it is shared. */
record Rendition(String encoder, EncoderOptions options, int width, int height) {

    /** The same encoder and colour mode at another quality and size (a step down to fit a size limit). */
    Rendition at(int quality, int stepWidth, int stepHeight) {
        return new Rendition(encoder, new EncoderOptions(quality, options.color()), stepWidth, stepHeight);
    }
}
