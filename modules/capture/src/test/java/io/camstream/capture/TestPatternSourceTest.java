package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TestPatternSourceTest {

    @Test
    void deliversNumberedStampedFramesOfTheRequestedSize() throws Exception {
        Instant now = Instant.parse("2026-11-24T12:00:00.123456Z");
        Clock clock = Clock.fixed(now, ZoneOffset.UTC);
        try (TestPatternSource source = new TestPatternSource(320, 240, 1000, 4, clock)) {
            for (long expected = 1; expected <= 5; expected++) {
                Frame frame = source.grab();
                assertEquals(expected, frame.sequence());
                assertEquals(320, frame.width());
                assertEquals(240, frame.height());
                assertEquals(PixelFormat.BGR24, frame.format());
                assertEquals(now.getEpochSecond() * 1_000_000L + 123_456, frame.captureEpochMicros());
                assertTrue(FrameStamp.read(frame).orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()));
            }
        }
    }

    @Test
    void takesTheCaptureTimeOnceThePictureIsDrawn() throws Exception {
        // At 1920x1080 drawing takes milliseconds and the stamp a small fraction of that: the clock must be
        // read after the drawing (most of grab's time before it), not before (most of it after).
        ReadingTimes clock = new ReadingTimes();
        int drawnFirst = 0;
        try (TestPatternSource source = new TestPatternSource(1920, 1080, 1000, 4, clock)) {
            source.grab(); // warm-up: class loading and the JIT would otherwise dominate
            for (int i = 0; i < 5; i++) {
                long before = System.nanoTime();
                Frame frame = source.grab();
                long after = System.nanoTime();
                long readAt = clock.lastReadNanos;
                assertTrue(before <= readAt && readAt <= after);
                drawnFirst += readAt - before > 4 * (after - readAt) ? 1 : 0;
                assertTrue(FrameStamp.read(frame).orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()),
                        "the stamp still carries the capture time taken after drawing");
            }
        }
        assertTrue(drawnFirst >= 4, "the capture time was taken before the picture was drawn in "
                + (5 - drawnFirst) + " of 5 frames");
    }

    /** The system clock, remembering when it was last read. */
    private static final class ReadingTimes extends Clock {
        volatile long lastReadNanos;

        @Override
        public Instant instant() {
            lastReadNanos = System.nanoTime();
            return Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void movesAndIsNeverFlat() throws Exception {
        try (TestPatternSource source = new TestPatternSource(640, 480, 1000)) {
            Frame first = source.grab();
            Frame second = source.grab();
            assertFalse(Arrays.equals(first.pixels(), second.pixels()), "consecutive frames must differ");
            assertTrue(distinctValues(first.pixels()) > 200, "a photo-like picture uses most of the 256 levels");
        }
    }

    @Test
    void isPacedToTheRequestedRate() throws Exception {
        // Only a lower bound: a busy machine may be slower, but a source must never run ahead of its rate.
        try (TestPatternSource source = new TestPatternSource(160, 120, 50)) {
            long start = System.nanoTime();
            for (int i = 0; i < 11; i++) {
                source.grab();
            }
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(elapsedMillis >= 190, "11 frames at 50 fps took only " + elapsedMillis + " ms");
        }
    }

    @Test
    void reportsWhatItDelivers() {
        try (TestPatternSource source = new TestPatternSource(800, 600, 25)) {
            assertEquals(new SourceInfo("test pattern", 800, 600, 25, PixelFormat.BGR24), source.info());
        }
    }

    @Test
    void aClosedSourceSaysSo() {
        TestPatternSource source = new TestPatternSource(160, 120, 30);
        source.close();
        IOException e = assertThrows(IOException.class, source::grab);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void rejectsImpossibleSettingsWithSpecificMessages() {
        assertMessage("between 160x120 and 7680x4320, got 100x100", () -> new TestPatternSource(100, 100, 30));
        assertMessage("fps must be in (0, 1000], got 0.0", () -> new TestPatternSource(640, 480, 0));
        assertMessage("noise must be in 0..64, got 99",
                () -> new TestPatternSource(640, 480, 30, 99, Clock.systemUTC()));
    }

    @Test
    void framesValidateTheirPixels() {
        assertMessage("needs 12 bytes, got 11", () -> new Frame(1, 0, 2, 2, PixelFormat.BGR24, new byte[11]));
        assertMessage("sequence must be >= 1", () -> new Frame(0, 0, 2, 2, PixelFormat.GRAY8, new byte[4]));
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable action) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static long distinctValues(byte[] pixels) {
        boolean[] seen = new boolean[256];
        for (byte pixel : pixels) {
            seen[pixel & 0xFF] = true;
        }
        long count = 0;
        for (boolean value : seen) {
            count += value ? 1 : 0;
        }
        return count;
    }
}
