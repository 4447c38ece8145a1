package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Drawing and reading stamps; that they survive JPEG is tested with the real encoders. */
class FrameStampTest {

    private static final long SEQUENCE = 0x1_2345_6789L;
    private static final long MICROS = 1_795_000_123_456_789L;

    @ParameterizedTest
    @CsvSource({"160,120,GRAY8", "640,480,GRAY8", "640,480,BGR24", "1920,1080,BGR24", "333,201,BGR24"})
    void readsBackWhatItDrew(int width, int height, PixelFormat format) {
        byte[] pixels = noisy(format.frameBytes(width, height));
        FrameStamp.draw(pixels, width, height, format, SEQUENCE, MICROS);

        FrameStamp.Reading reading = FrameStamp.read(pixels, width, height, format).orElseThrow();

        assertEquals(SEQUENCE & 0xFFFF_FFFFL, reading.sequenceLow32());
        assertEquals(MICROS / 1000, reading.captureEpochMillis());
        assertTrue(reading.matches(SEQUENCE, MICROS));
    }

    @Test
    void aDamagedStampIsRejectedByItsChecksum() {
        byte[] pixels = new byte[640 * 480];
        FrameStamp.draw(pixels, 640, 480, PixelFormat.GRAY8, SEQUENCE, MICROS);
        int cell = FrameStamp.cellSize(640);
        // Flip one cell of the sequence row.
        int x = cell * 5 + cell / 2;
        int y = cell + cell / 2;
        for (int row = y - cell / 2; row < y + cell / 2; row++) {
            for (int col = x - cell / 2; col < x + cell / 2; col++) {
                pixels[row * 640 + col] = (byte) ~pixels[row * 640 + col];
            }
        }

        assertEquals(Optional.empty(), FrameStamp.read(pixels, 640, 480, PixelFormat.GRAY8));
    }

    @Test
    void aPictureWithoutStampReadsAsEmpty() {
        assertEquals(Optional.empty(), FrameStamp.read(noisy(640 * 480), 640, 480, PixelFormat.GRAY8));
    }

    @Test
    void refusesFramesTooSmallForIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameStamp.draw(new byte[100 * 100], 100, 100, PixelFormat.GRAY8, 1, 0));
        assertTrue(e.getMessage().contains("at least 160x120"), e.getMessage());
    }

    private static byte[] noisy(int length) {
        byte[] bytes = new byte[length];
        new java.util.Random(7).nextBytes(bytes);
        return bytes;
    }
}
