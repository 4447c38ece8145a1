package io.camstream.encode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import org.junit.jupiter.api.Test;

class GrayscaleTest {

    @Test
    void usesOpenCvsWeights() {
        // BGR: white, black, pure blue, pure green, pure red, a mid gray;
        // values from cv2.cvtColor(..., COLOR_BGR2GRAY).
        byte[] bgr = {
            (byte) 255, (byte) 255, (byte) 255,
            0, 0, 0,
            (byte) 255, 0, 0,
            0, (byte) 255, 0,
            0, 0, (byte) 255,
            (byte) 128, (byte) 128, (byte) 128,
        };
        byte[] gray = new byte[6];
        Grayscale.fromBgr(bgr, gray, 6);
        assertArrayEquals(new byte[] {(byte) 255, 0, 29, (byte) 150, 76, (byte) 128}, gray);
    }

    @Test
    void aGrayFrameIsUsedAsItIsAndABufferIsReused() {
        Frame gray = new Frame(1, 0, 2, 1, PixelFormat.GRAY8, new byte[] {1, 2});
        assertSame(gray.pixels(), Grayscale.luma(gray, null));

        Frame bgr = new Frame(1, 0, 2, 1, PixelFormat.BGR24, new byte[6]);
        byte[] buffer = new byte[2];
        assertSame(buffer, Grayscale.luma(bgr, buffer));
    }
}
