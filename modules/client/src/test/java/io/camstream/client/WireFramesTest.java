package io.camstream.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PictureTooLargeException;
import io.camstream.capture.PixelBudget;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Allocations;
import io.camstream.testkit.JpegBomb;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Frames survive the trip to the wire and back: what servers send is what relays and hubs decode. */
class WireFramesTest {

    @Test
    void anEncodedFrameComesBackWithItsNumberTimeFlagsAndPicture() throws Exception {
        Frame frame;
        EncodedImage image;
        try (TestPatternSource pattern = new TestPatternSource(320, 240, 1000);
             FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(90, ColorMode.COLOR))) {
            pattern.grab();
            frame = pattern.grab();
            image = encoder.encode(frame);
        }
        VideoFrame wire = WireFrames.videoFrame(frame, image, "imageio", 90, "front").build();

        assertEquals(2, wire.getSequence());
        assertEquals(frame.captureEpochMicros(), WireFrames.epochMicros(wire.getCaptureTime()));
        assertEquals("front", wire.getCamera());
        assertEquals(io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR, wire.getColor());
        assertTrue(wire.getStamped());
        assertFalse(wire.getNoSignal());
        assertEquals(image.data().length, wire.getData().size());
        assertFalse(wire.hasEncodeStartTime() || wire.hasEncodeEndTime() || wire.hasSendTime(),
                "the stages are the server's to add");
        VideoFrame timed = WireFrames.withEncodeTimes(wire.toBuilder(), 1_764_000_000_123_456L, 1_764_000_000_130_001L)
                .build();
        assertEquals(1_764_000_000_123_456L, WireFrames.epochMicros(timed.getEncodeStartTime()));
        assertEquals(1_764_000_000_130_001L, WireFrames.epochMicros(timed.getEncodeEndTime()));

        Frame back = WireFrames.pending(wire).decode(PixelBudget.DEFAULT);
        assertEquals(frame.sequence(), back.sequence());
        assertEquals(frame.captureEpochMicros(), back.captureEpochMicros());
        assertEquals(PixelFormat.BGR24, back.format());
        assertTrue(back.stamped());
        assertTrue(FrameStamp.read(back.pixels(), back.width(), back.height(), back.format()).orElseThrow()
                .matches(frame.sequence(), frame.captureEpochMicros()), "the picture itself made the trip");
    }

    @Test
    void aFrameThatIsNoPictureFailsItsDecodeNotTheSender() {
        VideoFrame garbage = VideoFrame.newBuilder().setSequence(7)
                .setData(com.google.protobuf.ByteString.copyFromUtf8("not a jpeg")).build();
        IOException e = assertThrows(IOException.class, () -> WireFrames.pending(garbage).decode(PixelBudget.DEFAULT));
        assertEquals("not a JPEG: it does not start with the SOI marker (10 bytes)", e.getMessage());
    }

    @Test
    void aFrameIsDecodedWithinTheTakersBudgetAndWithoutANumberGetsOneAndNoStampClaim() throws Exception {
        VideoFrame numbered;
        try (TestPatternSource pattern = new TestPatternSource(320, 240, 1000);
             FrameEncoder encoder = new ImageIoEncoderProvider().create(EncoderOptions.defaults())) {
            Frame frame = pattern.grab();
            numbered = WireFrames.videoFrame(frame, encoder.encode(frame), "imageio", 90, "front").build();
        }
        assertTrue(numbered.getStamped());
        VideoFrame unnumbered = numbered.toBuilder().setSequence(0).build();

        Frame back = WireFrames.pending(unnumbered).decode(PixelBudget.DEFAULT);
        assertEquals(1, back.sequence());
        assertFalse(back.stamped(), "its stamp shows another number");
        PictureTooLargeException e = assertThrows(PictureTooLargeException.class,
                () -> WireFrames.pending(unnumbered).decode(new PixelBudget(320 * 239)));
        assertEquals(240, e.height());
    }

    @Test
    void aReceivedFrameKeepsItsJpegUndecodedAndABombIsRefusedBeforeAnyPixelIsAllocated() throws Exception {
        VideoFrame wire;
        try (TestPatternSource pattern = new TestPatternSource(320, 240, 1000);
             FrameEncoder encoder = new ImageIoEncoderProvider().create(new EncoderOptions(90, ColorMode.COLOR))) {
            Frame frame = pattern.grab();
            wire = WireFrames.videoFrame(frame, encoder.encode(frame), "imageio", 90, "front").setNoSignal(true)
                    .build();
        }
        Frame received = WireFrames.pending(wire).decode(PixelBudget.DEFAULT);
        assertFalse(received.hasPixels(), "read, not decoded: its pixels wait for someone who needs them");
        assertArrayEquals(wire.getData().toByteArray(), received.jpeg().orElseThrow().bytes());
        assertTrue(received.placeholder(), "a NO SIGNAL picture passed on stays one");

        VideoFrame bomb = VideoFrame.newBuilder().setSequence(3)
                .setData(com.google.protobuf.ByteString.copyFrom(JpegBomb.claiming(20000, 20000))).build();
        long before = Allocations.byLiveThreads();
        PictureTooLargeException e = assertThrows(PictureTooLargeException.class,
                () -> WireFrames.pending(bomb).decode(PixelBudget.DEFAULT));
        long allocated = Allocations.byLiveThreads() - before;
        assertEquals("a picture of 20000x20000 exceeds the limit of 67.1 Mpx", e.getMessage());
        // Decoding it would have taken 20000 x 20000 x 3 bytes = 1.2 GB.
        assertTrue(allocated < 4 << 20, "refusing the bomb allocated " + allocated + " bytes");
    }

    @Test
    void timesBeforeTheEpochAndDurationsKeepTheirSign() {
        long micros = -1_500_001L;
        var timestamp = WireFrames.timestamp(micros);
        assertEquals(-2, timestamp.getSeconds());
        assertEquals(499_999_000, timestamp.getNanos(), "protobuf wants non-negative nanos");
        assertEquals(micros, WireFrames.epochMicros(timestamp));
        assertEquals(1, WireFrames.duration(1_000_000_123L).getSeconds());
        assertEquals(123, WireFrames.duration(1_000_000_123L).getNanos());
    }

    @Test
    void colourModesMapBothWaysAndUnspecifiedMeansTheServersChoice() {
        for (ColorMode mode : ColorMode.values()) {
            assertEquals(mode, WireFrames.fromProto(WireFrames.toProto(mode)));
        }
        assertNull(WireFrames.fromProto(io.camstream.protocol.v1.ColorMode.COLOR_MODE_UNSPECIFIED));
    }

    @Test
    void messageLimitsLeaveRoomForTheRestOfTheMessage() {
        assertEquals(MessageLimits.DEFAULT_BYTES, MessageLimits.declared(0));
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> MessageLimits.declared(1000));
        assertEquals("max_message_bytes must be at least 65536, got 1000", small.getMessage());
        // base64 of the largest legacy JPEG, plus the field's tag and length, fits in 4 MiB.
        int jpeg = MessageLimits.legacyJpeg(MessageLimits.DEFAULT_BYTES);
        assertTrue((jpeg + 2) / 3 * 4 + 8 <= MessageLimits.DEFAULT_BYTES);
        assertTrue((jpeg + 3 + 2) / 3 * 4 + 8 > MessageLimits.DEFAULT_BYTES, "three bytes more would not fit");
    }
}
