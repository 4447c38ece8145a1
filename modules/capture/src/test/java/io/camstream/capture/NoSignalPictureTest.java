package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoSignalPictureTest {

    @Test
    void isAFlaggedStampedPictureWithLargeLettersAcrossTheMiddle() {
        Frame frame = new NoSignalPicture(640, 480, PixelFormat.BGR24).frame(42, 1_700_000_000_123_000L);

        assertTrue(frame.placeholder());
        assertEquals(42, frame.sequence());
        assertTrue(FrameStamp.read(frame).orElseThrow().matches(42, 1_700_000_000_123_000L));
        int[] inkPerColumnBand = new int[4];
        for (int x = 0; x < 640; x++) {
            for (int y = 200; y < 280; y++) {
                if ((frame.pixels()[(y * 640 + x) * 3] & 0xFF) > 200) {
                    inkPerColumnBand[x * 4 / 640]++;
                }
            }
        }
        assertTrue(inkPerColumnBand[1] > 500 && inkPerColumnBand[2] > 500,
                "white letters across the middle half: " + java.util.Arrays.toString(inkPerColumnBand));
        assertEquals(40, frame.pixels()[(470 * 640 + 630) * 3], "dark background elsewhere");
    }

    @Test
    void worksInGrayAndAtSizesTooSmallForAStamp() {
        Frame gray = new NoSignalPicture(320, 240, PixelFormat.GRAY8).frame(1, 0);
        assertEquals(PixelFormat.GRAY8, gray.format());
        assertTrue(FrameStamp.read(gray).isPresent());
        Frame tiny = new NoSignalPicture(64, 48, PixelFormat.BGR24).frame(7, 0);
        assertEquals(64 * 48 * 3, tiny.pixels().length);
        assertTrue(tiny.placeholder());
    }
}
