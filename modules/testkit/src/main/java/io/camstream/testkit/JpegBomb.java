package io.camstream.testkit;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * A decompression bomb: a real JPEG of a few hundred bytes whose header (the SOF0 marker) claims a
 * huge picture. A decoder that trusts the header allocates the whole claimed picture (20000x20000
 * in colour is 1.2 GB) before it finds the data missing.
 */
public final class JpegBomb {

    private JpegBomb() {
    }

    /** A 16x16 colour JPEG whose header claims {@code width x height} (each at most 65535, as JPEG allows). */
    public static byte[] claiming(int width, int height) {
        if (width < 1 || width > 0xFFFF || height < 1 || height > 0xFFFF) {
            throw new IllegalArgumentException("a JPEG header holds sizes of 1..65535, got " + width + "x" + height);
        }
        byte[] jpeg = smallJpeg();
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                // SOF0: marker, length (2), precision (1), height (2), width (2).
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("ImageIO wrote a JPEG without a baseline SOF0 marker");
    }

    private static byte[] smallJpeg() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "jpg", out)) {
                throw new IllegalStateException("no JPEG writer in ImageIO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
