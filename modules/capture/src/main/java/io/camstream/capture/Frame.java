package io.camstream.capture;

import java.time.Instant;
import java.util.Objects;

/**
 * One captured picture with what a client needs to judge order and freshness.
 *
 * <p>The pixel array is shared, never copied: a source hands over a fresh array for each frame and
 * nobody writes to it afterwards, so many encoders and subscribers can read it at once.
 *
 * @param sequence capture order, starting at 1; never reused by a source
 * @param captureEpochMicros wall-clock capture time in microseconds since the epoch
 * @param width pixels per row
 * @param height rows
 * @param format the pixel layout
 * @param pixels {@code width * height * format.channels()} bytes, rows top to bottom
 * @param placeholder true for a "NO SIGNAL" picture sent while the real source is down, so that
 *     subscribers keep their streams and can tell it from camera frames
 * @param stamped true when the pixels carry a {@link FrameStamp} of exactly this sequence number
 *     and capture time (the test pattern and NO SIGNAL pictures do; a camera or a video file does
 *     not, even if what it filmed shows an old stamp), so viewers know when to check the stamp
 */
public record Frame(long sequence, long captureEpochMicros, int width, int height, PixelFormat format, byte[] pixels,
        boolean placeholder, boolean stamped) {

    /** A frame from a real source, without a stamp of its own. */
    public Frame(long sequence, long captureEpochMicros, int width, int height, PixelFormat format, byte[] pixels) {
        this(sequence, captureEpochMicros, width, height, format, pixels, false, false);
    }

    public Frame {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(pixels, "pixels");
        if (sequence < 1) {
            throw new IllegalArgumentException("frame sequence must be >= 1, got " + sequence);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        int expected = format.frameBytes(width, height);
        if (pixels.length != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + format + " frame needs "
                    + expected + " bytes, got " + pixels.length);
        }
    }

    public Instant captureTime() {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(captureEpochMicros, 1000L));
    }

    @Override
    public String toString() {
        return "Frame[#" + sequence + " " + width + "x" + height + " " + format + " at " + captureTime()
                + (placeholder ? " NO SIGNAL" : "") + "]";
    }
}
