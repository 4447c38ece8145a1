package io.camstream.encode;

import io.camstream.capture.Frame;

/**
 * Downscales frames by area averaging: each output pixel is the mean of the source pixels it
 * covers, which keeps detail honest and avoids the aliasing of point sampling, at a cost linear in
 * the source size. Used for subscribers that ask for a smaller picture and for fitting frames into
 * a message size limit.
 */
public final class FrameScaler {

    private FrameScaler() {
    }

    /**
     * The largest size within {@code maxWidth x maxHeight} with the frame's aspect ratio, never larger
     * than the frame itself; a limit of 0 means none.
     */
    public static int[] fit(int width, int height, int maxWidth, int maxHeight) {
        double scale = 1.0;
        if (maxWidth > 0) {
            scale = Math.min(scale, (double) maxWidth / width);
        }
        if (maxHeight > 0) {
            scale = Math.min(scale, (double) maxHeight / height);
        }
        if (scale >= 1.0) {
            return new int[] {width, height};
        }
        return new int[] {Math.max(1, (int) Math.floor(width * scale)), Math.max(1, (int) Math.floor(height * scale))};
    }

    /**
     * The frame at {@code width x height} (which must not exceed its size); the frame itself when the
     * size is unchanged. Sequence, capture time and the placeholder flag are kept.
     */
    public static Frame scale(Frame frame, int width, int height) {
        if (width == frame.width() && height == frame.height()) {
            return frame;
        }
        if (width < 1 || height < 1 || width > frame.width() || height > frame.height()) {
            throw new IllegalArgumentException("can only downscale " + frame.width() + "x" + frame.height()
                    + ", not to " + width + "x" + height);
        }
        int channels = frame.format().channels();
        int[] columnStart = bounds(frame.width(), width);
        int[] rowStart = bounds(frame.height(), height);
        byte[] source = frame.pixels();
        byte[] target = new byte[width * height * channels];
        int[] sums = new int[channels];
        int sourceRowBytes = frame.width() * channels;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                java.util.Arrays.fill(sums, 0);
                for (int sy = rowStart[y]; sy < rowStart[y + 1]; sy++) {
                    int offset = sy * sourceRowBytes + columnStart[x] * channels;
                    int end = sy * sourceRowBytes + columnStart[x + 1] * channels;
                    for (int i = offset; i < end; i += channels) {
                        for (int c = 0; c < channels; c++) {
                            sums[c] += source[i + c] & 0xFF;
                        }
                    }
                }
                int area = (rowStart[y + 1] - rowStart[y]) * (columnStart[x + 1] - columnStart[x]);
                int out = (y * width + x) * channels;
                for (int c = 0; c < channels; c++) {
                    target[out + c] = (byte) ((sums[c] + area / 2) / area);
                }
            }
        }
        // A downscaled stamp may no longer read; viewers then skip it (its checksum fails), so the flag can stay.
        return new Frame(frame.sequence(), frame.captureEpochMicros(), width, height, frame.format(), target,
                frame.placeholder(), frame.stamped());
    }

    /** Where each output cell starts in the source, plus the end; every cell covers at least one pixel. */
    private static int[] bounds(int sourceSize, int targetSize) {
        int[] starts = new int[targetSize + 1];
        for (int i = 0; i <= targetSize; i++) {
            starts[i] = (int) ((long) i * sourceSize / targetSize);
        }
        return starts;
    }
}
