package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.camstream.protocol.v1.VideoFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewStatsTest {

    private static final long CAPTURE = 1_000_000_000L;

    @Test
    void nearestRankPercentiles() {
        double[] sorted = new double[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, ViewStats.percentile(sorted, 50));
        assertEquals(99, ViewStats.percentile(sorted, 99));
        assertEquals(7, ViewStats.percentile(new double[] {7}, 99));
        assertEquals(0, ViewStats.percentile(new double[0], 50));
    }

    @Test
    void summarisesOneSubscriber() {
        ViewStats stats = new ViewStats();
        stats.record(frame(10, 0, false), CAPTURE + 2_000, ViewStats.PictureCheck.OK);
        stats.record(frame(12, 1, true), CAPTURE + 4_000, ViewStats.PictureCheck.OK);
        stats.record(frame(11, 0, false), CAPTURE + 6_000, ViewStats.PictureCheck.STAMP_MISMATCH);

        ViewReport report = new ViewReport(List.of(stats));
        JsonObject json = report.toJson("127.0.0.1:1", 1.5);

        assertEquals(3, json.get("frames").getAsInt());
        assertEquals(1, json.get("skipped").getAsInt());
        assertEquals(1, json.get("adapted").getAsInt());
        assertEquals(10, json.get("first_sequence").getAsInt());
        assertEquals(12, json.get("last_sequence").getAsInt());
        assertEquals(1, json.get("out_of_order").getAsInt());
        assertEquals(1, json.get("stamp_mismatches").getAsInt());
        assertEquals(300, json.get("bytes").getAsInt());
        assertEquals(4.0, json.getAsJsonObject("latency_ms").get("p50").getAsDouble());
        assertEquals(6.0, json.getAsJsonObject("latency_ms").get("p99").getAsDouble());
        assertEquals(2, report.failedChecks());
        assertFalse(json.has("subscribers"), "single-subscriber summaries keep the simple shape");
    }

    @Test
    void summarisesSeveralSubscribersWithTheirWorst() throws Exception {
        ViewStats fast = new ViewStats();
        ViewStats slow = new ViewStats();
        for (int i = 1; i <= 3; i++) {
            fast.record(frame(i, 0, false), CAPTURE + 1_000, ViewStats.PictureCheck.OK);
            slow.record(frame(i, 0, false), CAPTURE + 9_000, ViewStats.PictureCheck.OK);
            Thread.sleep(5);
        }

        ViewReport report = new ViewReport(List.of(fast, slow));
        JsonObject json = report.toJson("t", 1);

        assertEquals(2, json.get("subscribers").getAsInt());
        assertEquals(6, json.get("frames").getAsInt());
        assertEquals(9.0, json.get("latency_p99_worst_ms").getAsDouble());
        assertTrue(json.get("fps_min").getAsDouble() > 0);
        assertTrue(json.get("fps_median").getAsDouble() >= json.get("fps_min").getAsDouble());
        assertEquals(3, report.minFrames());
    }

    @Test
    void readsJpegSizesFromTheHeaderAndRejectsTruncatedOnes() {
        // SOI, an APP0 segment of 4 bytes, SOF0 (length 17) for 0x0140 x 0x00F0 = 320x240, EOI.
        byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 1, 2,
            (byte) 0xFF, (byte) 0xC0, 0, 17, 8, 0, (byte) 0xF0, 1, 0x40, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            (byte) 0xFF, (byte) 0xD9};
        int[] size = PictureChecker.JpegHeader.size(ByteString.copyFrom(jpeg));
        assertEquals(List.of(320, 240), List.of(size[0], size[1]));
        byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length - 1);
        assertNull(PictureChecker.JpegHeader.size(ByteString.copyFrom(truncated)));
    }

    private static VideoFrame frame(long sequence, long skipped, boolean adapted) {
        return VideoFrame.newBuilder()
                .setSequence(sequence)
                .setSkipped(skipped)
                .setAdapted(adapted)
                .setWidth(640)
                .setHeight(480)
                .setEncoder("imageio")
                .setCaptureTime(Timestamp.newBuilder().setSeconds(CAPTURE / 1_000_000).setNanos(0))
                .setData(ByteString.copyFrom(new byte[100]))
                .build();
    }
}
