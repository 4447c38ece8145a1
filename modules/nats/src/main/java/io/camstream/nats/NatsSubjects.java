package io.camstream.nats;

import java.util.regex.Pattern;

/**
 * Where a camera's frames and description go on NATS, written down once for publishers, edges and
 * other languages' readers: {@code camstream.CAMERA.frames} carries each frame as a serialized
 * {@code camstream.v1.VideoFrame} (the very message {@code Subscribe} sends: sequence, capture time,
 * encoder, quality, size, stamped, no_signal, the stage times and the JPEG), one whole JPEG per message;
 * {@code camstream.CAMERA.describe} carries a {@code camstream.v1.CameraInfo} every two seconds and
 * whenever asked (a request on it is answered), so that edges and tools find the cameras with
 * {@code camstream.*.describe}.
 */
public final class NatsSubjects {

    /** Every subject starts with this token. */
    public static final String ROOT = "camstream";
    /** A NATS token is any run of visible characters but '.', '*' and '>': a camera name without dots. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private NatsSubjects() {
    }

    /** The subject of a camera's frames. */
    public static String frames(String camera) {
        return ROOT + "." + token(camera) + ".frames";
    }

    /** The subject of a camera's description. */
    public static String describe(String camera) {
        return ROOT + "." + token(camera) + ".describe";
    }

    /**
     * The camera name as a subject token.
     *
     * @throws IllegalArgumentException for a name with a dot, which NATS would read as two tokens
     */
    public static String token(String camera) {
        if (!TOKEN.matcher(camera).matches()) {
            throw new IllegalArgumentException("camera '" + camera + "' cannot be published to NATS: a subject token"
                    + " is 1-64 letters, digits, '_' or '-' (a dot would split it); rename the camera, e.g. "
                    + camera.replace('.', '-'));
        }
        return camera;
    }
}
