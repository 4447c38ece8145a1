package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Frames received as JPEGs: the header read, the bytes kept, the pixels decoded once and only when asked. */
@Timeout(30)
class JpegFrameTest {

    @Test
    void theHeaderGivesSizeAndLayoutAndNothingElseIsRead() throws IOException {
        Jpeg colour = Jpeg.parse(JpegHeaders.of(0xC0, 8, 1280, 720, 3));
        assertEquals(1280, colour.width());
        assertEquals(720, colour.height());
        assertEquals(PixelFormat.BGR24, colour.format());
        Jpeg gray = Jpeg.parse(JpegHeaders.of(0xC2, 8, 640, 480, 1));
        assertEquals(PixelFormat.GRAY8, gray.format(), "progressive gray");
        byte[] bomb = JpegHeaders.of(0xC0, 8, 60000, 60000, 3);
        Jpeg huge = Jpeg.parse(bomb);
        assertSame(bomb, huge.bytes(), "kept, not copied");
        assertFalse(PixelBudget.DEFAULT.allows(huge.width(), huge.height()), "the budget can refuse it from here");
    }

    @Test
    void whatViewersCannotBeExpectedToDecodeIsRefusedSayingWhy() {
        assertEquals("not a JPEG: it does not start with the SOI marker (10 bytes)",
                refusal("not a jpeg".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        assertEquals("unsupported JPEG: process SOF9 (only baseline, extended and progressive Huffman JPEGs are"
                + " accepted)", refusal(JpegHeaders.of(0xC9, 8, 64, 64, 3)));
        assertEquals("unsupported JPEG: 12 bits per sample (only 8 are accepted)",
                refusal(JpegHeaders.of(0xC1, 12, 64, 64, 3)));
        assertEquals("unsupported JPEG: 4 components (only gray, 1, and colour, 3, are accepted)",
                refusal(JpegHeaders.of(0xC0, 8, 64, 64, 4)));
        assertEquals("unsupported JPEG: its frame header gives no size (64x0)",
                refusal(JpegHeaders.of(0xC0, 8, 64, 0, 3)));
        byte[] cut = JpegHeaders.of(0xC0, 8, 64, 64, 3);
        assertEquals("not a JPEG: no frame header (SOF marker) before the picture data",
                refusal(java.util.Arrays.copyOf(cut, 8)));
    }

    @Test
    void aJpegFrameDecodesOnlyWhenAskedAndOnceForEveryoneAndEveryRenumberedCopy() throws Exception {
        AtomicInteger decodes = new AtomicInteger();
        CountDownLatch decoding = new CountDownLatch(1);
        byte[] decoded = new byte[64 * 48 * 3];
        Jpeg jpeg = Jpeg.parse(JpegHeaders.of(0xC0, 8, 64, 48, 3));
        Frame frame = Frame.ofJpeg(7, 1_000, jpeg, j -> {
            decodes.incrementAndGet();
            try {
                decoding.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return decoded;
        }, false, true);
        assertEquals(64, frame.width());
        assertEquals(PixelFormat.BGR24, frame.format());
        assertSame(jpeg, frame.jpeg().orElseThrow());
        assertFalse(frame.hasPixels());
        Frame renumbered = frame.withSequence(9, false);
        assertEquals(9, renumbered.sequence());
        assertFalse(renumbered.stamped());
        assertSame(jpeg, renumbered.jpeg().orElseThrow(), "the picture is shared, not decoded");

        List<Thread> readers = new ArrayList<>();
        List<byte[]> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Frame copy = i % 2 == 0 ? frame : renumbered;
            Thread reader = new Thread(() -> seen.add(copy.pixels()));
            reader.start();
            readers.add(reader);
        }
        decoding.countDown();
        for (Thread reader : readers) {
            reader.join();
        }
        assertEquals(1, decodes.get(), "four readers of two copies, one decode");
        assertEquals(4, seen.size());
        seen.forEach(pixels -> assertSame(decoded, pixels));
        assertTrue(frame.hasPixels() && renumbered.hasPixels());
    }

    @Test
    void aJpegThatCannotBeDecodedFailsEveryAskerWithTheReasonAndIsNotDecodedAgain() throws IOException {
        AtomicInteger decodes = new AtomicInteger();
        Frame frame = Frame.ofJpeg(3, 0, Jpeg.parse(JpegHeaders.of(0xC0, 8, 16, 16, 1)), j -> {
            decodes.incrementAndGet();
            throw new IOException("corrupt entropy data");
        });
        for (int i = 0; i < 2; i++) {
            UncheckedIOException e = assertThrows(UncheckedIOException.class, frame::pixels);
            assertTrue(e.getMessage().endsWith("cannot be decoded: corrupt entropy data"), e.getMessage());
        }
        assertEquals(1, decodes.get());

        Frame wrongSize = Frame.ofJpeg(4, 0, Jpeg.parse(JpegHeaders.of(0xC0, 8, 16, 16, 1)), j -> new byte[15]);
        assertTrue(assertThrows(UncheckedIOException.class, wrongSize::pixels).getMessage()
                .contains("the decoder gave 15 bytes"), "a decoder must give the size the header declared");
    }

    @Test
    void aSupervisorRenumbersJpegFramesWithoutDecodingThem() throws Exception {
        AtomicInteger decodes = new AtomicInteger();
        Jpeg jpeg = Jpeg.parse(JpegHeaders.of(0xC0, 8, 32, 24, 3));
        FrameSource jpegs = new FrameSource() {
            private long sequence = 100;

            @Override
            public SourceInfo info() {
                return new SourceInfo("jpegs", 32, 24, 100, PixelFormat.BGR24);
            }

            @Override
            public Frame grab() {
                return Frame.ofJpeg(sequence++ % 2 == 0 ? 1 : sequence, 0, jpeg, j -> {
                    decodes.incrementAndGet();
                    return new byte[32 * 24 * 3];
                });
            }

            @Override
            public void close() {
            }
        };
        try (SupervisedSource supervised = SupervisedSource.watch("jpegs", jpegs, SupervisedSourceTest.QUICK)) {
            long last = 0;
            for (int i = 0; i < 6; i++) {
                Frame frame = supervised.grab();
                assertTrue(frame.sequence() > last, "numbers still increase: " + frame);
                last = frame.sequence();
                assertSame(jpeg, frame.jpeg().orElseThrow());
            }
            assertArrayEquals(new byte[32 * 24 * 3], supervised.grab().pixels(), "decoded on demand");
        }
        assertEquals(1, decodes.get(), "only the frame whose pixels were asked for");
    }

    private static String refusal(byte[] bytes) {
        return assertThrows(IOException.class, () -> Jpeg.parse(bytes)).getMessage();
    }
}
