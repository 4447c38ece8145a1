package io.camstream.client;

/** The gRPC message size limits camstream works within, and what they leave for a picture. */
public final class MessageLimits {

    /** gRPC's default maximum message size, which the original sample's clients keep. */
    public static final int DEFAULT_BYTES = 4 * 1024 * 1024;
    /** Smaller limits are refused: no sane picture fits, and they are almost surely a mistake. */
    public static final int MIN_BYTES = 64 * 1024;
    /** Room for a VideoFrame's fields other than the picture (sequence, times, names, flags). */
    private static final int VIDEO_FRAME_OVERHEAD = 256;

    private MessageLimits() {
    }

    /** The most JPEG bytes a v1 VideoFrame from this camera may carry within {@code limit}. */
    public static int videoFrameData(int limit, String camera) {
        return limit - VIDEO_FRAME_OVERHEAD - camera.length();
    }

    /** The most JPEG bytes whose base64, in a legacy Reply, fits within {@code limit}. */
    public static int legacyJpeg(int limit) {
        int base64Bytes = limit - 8; // the field's tag and length
        return base64Bytes / 4 * 3;
    }

    /** The most JPEG bytes a legacy Reply carrying them as they are (no base64) may hold within {@code limit}. */
    public static int legacyRawJpeg(int limit) {
        return limit - 8; // the field's tag and length
    }

    /**
     * The limit a request's {@code max_message_bytes} declared, or the default for 0. The field is
     * unsigned (uint32) and Java reads it as a signed int: 2^31 and more arrive negative. They mean a
     * client that takes any message Java can hold, so they count as {@link Integer#MAX_VALUE}, never
     * as a negative number (which used to be refused as "at least 65536, got -2147483648").
     *
     * @throws IllegalArgumentException when it is below {@link #MIN_BYTES}
     */
    public static int declaredOnWire(int uint32) {
        return uint32 < 0 ? Integer.MAX_VALUE : declared(uint32);
    }

    /**
     * The limit a caller declared, or the default for 0.
     *
     * @throws IllegalArgumentException when it is below {@link #MIN_BYTES}
     */
    public static int declared(int requested) {
        if (requested == 0) {
            return DEFAULT_BYTES;
        }
        if (requested < MIN_BYTES) {
            throw new IllegalArgumentException("max_message_bytes must be at least " + MIN_BYTES + ", got "
                    + requested);
        }
        return requested;
    }
}
