package io.camstream.benchmarks.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.VideoFrame;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The load client's parser reads a real {@code VideoFrame}'s capture time and picture length, and nothing else. */
class LeanFrameTest {

    private static final long CAPTURE_MICROS = 1_790_000_123_456_789L;

    @Test
    void readsTheCaptureTimeAndTheDataLengthOfAFullFrame() {
        LeanFrame lean = LeanFrame.MARSHALLER.parse(frame(1000).toByteString().newInput());
        assertEquals(CAPTURE_MICROS, lean.captureMicros());
        assertEquals(1000, lean.dataBytes());
    }

    @Test
    void skipsPicturesLargerThanItsReadBuffer() {
        LeanFrame lean = LeanFrame.MARSHALLER.parse(frame(3_000_000).toByteString().newInput());
        assertEquals(CAPTURE_MICROS, lean.captureMicros());
        assertEquals(3_000_000, lean.dataBytes());
    }

    /** A frame with every kind of field around the two that matter, capture time and data, set. */
    private static VideoFrame frame(int dataBytes) {
        byte[] data = new byte[dataBytes];
        new Random(1).nextBytes(data);
        return VideoFrame.newBuilder()
                .setSequence(42)
                .setCaptureTime(WireFrames.timestamp(CAPTURE_MICROS))
                .setWidth(640)
                .setHeight(480)
                .setContentType("image/jpeg")
                .setEncoder("opencv")
                .setEncodeTime(WireFrames.duration(3_500_000))
                .setSkipped(2)
                .setColor(ColorMode.COLOR_MODE_GRAY)
                .setQuality(95)
                .setData(ByteString.copyFrom(data))
                .setCamera("front-door")
                .setStamped(true)
                .setEncodeStartTime(WireFrames.timestamp(CAPTURE_MICROS + 100))
                .setEncodeEndTime(WireFrames.timestamp(CAPTURE_MICROS + 3600))
                .setSendTime(WireFrames.timestamp(CAPTURE_MICROS + 4000))
                .build();
    }
}
