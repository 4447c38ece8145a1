package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.camstream.protocol.v1.VideoFrame;
import org.junit.jupiter.api.Test;

class ViewStatsTest {

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
    void summarisesWhatArrived() {
        ViewStats stats = new ViewStats();
        long captureMicros = 1_000_000_000L;
        stats.record(frame(10, 0, captureMicros), captureMicros + 2_000, ViewStats.PictureCheck.OK);
        stats.record(frame(12, 1, captureMicros), captureMicros + 4_000, ViewStats.PictureCheck.OK);
        stats.record(frame(11, 0, captureMicros), captureMicros + 6_000, ViewStats.PictureCheck.STAMP_MISMATCH);

        JsonObject json = stats.toJson("127.0.0.1:1");

        assertEquals(3, json.get("frames").getAsInt());
        assertEquals(1, json.get("skipped").getAsInt());
        assertEquals(10, json.get("first_sequence").getAsInt());
        assertEquals(12, json.get("last_sequence").getAsInt());
        assertEquals(1, json.get("out_of_order").getAsInt());
        assertEquals(1, json.get("stamp_mismatches").getAsInt());
        assertEquals(300, json.get("bytes").getAsInt());
        assertEquals(4.0, json.getAsJsonObject("latency_ms").get("p50").getAsDouble());
        assertEquals(6.0, json.getAsJsonObject("latency_ms").get("p99").getAsDouble());
        assertEquals(2, stats.failedChecks());
    }

    private static VideoFrame frame(long sequence, long skipped, long captureMicros) {
        return VideoFrame.newBuilder()
                .setSequence(sequence)
                .setSkipped(skipped)
                .setWidth(640)
                .setHeight(480)
                .setEncoder("imageio")
                .setCaptureTime(Timestamp.newBuilder().setSeconds(captureMicros / 1_000_000).setNanos(0))
                .setData(ByteString.copyFrom(new byte[100]))
                .build();
    }
}
