package io.camstream.capture.javacv;

import java.nio.ByteBuffer;

/** Copies native pictures into the tightly packed arrays {@link io.camstream.capture.Frame} holds. */
final class Pictures {

    private Pictures() {
    }

    /**
     * Copies rows that natives may pad to {@code stride} bytes; the copy is needed anyway because
     * grabbers reuse their buffers for the next frame.
     */
    static byte[] packed(ByteBuffer source, int width, int height, int channels, int stride) {
        int rowBytes = width * channels;
        byte[] pixels = new byte[rowBytes * height];
        if (stride == rowBytes) {
            source.get(0, pixels, 0, pixels.length);
        } else {
            for (int row = 0; row < height; row++) {
                source.get(row * stride, pixels, row * rowBytes, rowBytes);
            }
        }
        return pixels;
    }
}
