package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import java.util.Base64;

/**
 * A frame encoded one way, shared by every subscriber who gets it that way. Its bytes are never
 * written again, so adapters may wrap them without copying; the base64 form the original sample's
 * protocol carries is made once, on first use.
 */
public final class EncodedFrame {

    private final Frame frame;
    private final String camera;
    private final String encoder;
    private final EncoderOptions options;
    private final EncodedImage image;
    private volatile byte[] base64;

    EncodedFrame(Frame frame, String camera, String encoder, EncoderOptions options, EncodedImage image) {
        this.frame = frame;
        this.camera = camera;
        this.encoder = encoder;
        this.options = options;
        this.image = image;
    }

    /** The frame as encoded (downscaled if the rendition asked for it): sequence, capture time, flags. */
    public Frame frame() {
        return frame;
    }

    public String camera() {
        return camera;
    }

    /** The encoder plugin's name. */
    public String encoder() {
        return encoder;
    }

    public EncoderOptions options() {
        return options;
    }

    public EncodedImage image() {
        return image;
    }

    /** The encoded picture; shared, so never to be modified. */
    public byte[] data() {
        return image.data();
    }

    public int size() {
        return image.data().length;
    }

    /** The base64 text of the picture, as the original sample's {@code Reply.datas} carries it; shared. */
    public byte[] base64() {
        byte[] text = base64;
        if (text == null) {
            // Two threads may both compute it the first time; the results are equal, so that is harmless.
            text = Base64.getEncoder().encode(image.data());
            base64 = text;
        }
        return text;
    }
}
