package io.camstream.capture;

/** Layout of {@link Frame#pixels()}: 8 bits per channel, rows packed without padding. */
public enum PixelFormat {
    /** One byte per pixel, luminance. */
    GRAY8(1),
    /** Three bytes per pixel in blue, green, red order: what cameras deliver through OpenCV. */
    BGR24(3);

    private final int channels;

    PixelFormat(int channels) {
        this.channels = channels;
    }

    public int channels() {
        return channels;
    }

    /** Bytes a whole frame of this size takes. */
    public int frameBytes(int width, int height) {
        return Math.multiplyExact(Math.multiplyExact(width, height), channels);
    }
}
