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
        ViewStats stats = arrivingEvery(500_000_000L);
        stats.record(frame(10, 0, false), CAPTURE + 2_000, ViewStats.PictureCheck.OK);
        stats.record(frame(12, 1, true), CAPTURE + 4_000, ViewStats.PictureCheck.OK);
        stats.record(frame(11, 0, false), CAPTURE + 6_000, ViewStats.PictureCheck.STAMP_MISMATCH);

        ViewReport report = new ViewReport(List.of(stats));
        JsonObject json = report.toJson("127.0.0.1:1", 1.5);

        assertEquals(3, json.get("frames").getAsInt());
        assertEquals(2.0, json.get("fps").getAsDouble(), "2 intervals of 0.5 s");
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
    void summarisesSeveralSubscribersWithTheirSlowestAndMedianRatesAndTheirWorstLatency() {
        // 3 frames each: 2 intervals of 0.1, 0.5 and 0.25 s, i.e. 10, 2 and 4 frames/s, in no order.
        ViewStats fast = arrivingEvery(100_000_000L);
        ViewStats slow = arrivingEvery(500_000_000L);
        ViewStats middle = arrivingEvery(250_000_000L);
        for (int i = 1; i <= 3; i++) {
            fast.record(frame(i, 0, false), CAPTURE + 1_000, ViewStats.PictureCheck.OK);
            slow.record(frame(i, 0, false), CAPTURE + 9_000, ViewStats.PictureCheck.OK);
            middle.record(frame(i, 0, false), CAPTURE + 3_000, ViewStats.PictureCheck.OK);
        }

        ViewReport report = new ViewReport(List.of(fast, slow, middle));
        JsonObject json = report.toJson("t", 1);

        assertEquals(3, json.get("subscribers").getAsInt());
        assertEquals(9, json.get("frames").getAsInt());
        assertEquals(9.0, json.get("latency_p99_worst_ms").getAsDouble());
        assertEquals(2.0, json.get("fps_min").getAsDouble());
        assertEquals(4.0, json.get("fps_median").getAsDouble());
        assertEquals(4.0, json.get("fps").getAsDouble(), "with several subscribers, fps is the median's");
        assertEquals(3, report.minFrames());
    }

    @Test
    void theMedianRateOfAnEvenNumberOfSubscribersIsTheMeanOfTheMiddleTwo() {
        List<ViewStats> subscribers = List.of(arrivingEvery(100_000_000L), arrivingEvery(500_000_000L),
                arrivingEvery(250_000_000L), arrivingEvery(200_000_000L));
        for (ViewStats stats : subscribers) {
            for (int i = 1; i <= 3; i++) {
                stats.record(frame(i, 0, false), CAPTURE + 1_000, ViewStats.PictureCheck.OK);
            }
        }

        JsonObject json = new ViewReport(subscribers).toJson("t", 1);

        assertEquals(2.0, json.get("fps_min").getAsDouble(), "rates 10, 2, 4 and 5");
        assertEquals(4.5, json.get("fps_median").getAsDouble(), "rates 10, 2, 4 and 5");
    }

    @Test
    void legacyRepliesThatRepeatAPictureCountAsRepliesButNotAsFrames() {
        // 9 replies 0.1 s apart, each picture repeated three times: 10 replies/s, 3 pictures in 0.6 s.
        ViewStats stats = arrivingEvery(100_000_000L);
        for (int i = 1; i <= 9; i++) {
            stats.record(frame(i, 0, false), CAPTURE + 1_000, ViewStats.PictureCheck.OK, (i - 1) % 3 != 0);
        }

        ViewReport report = new ViewReport(List.of(stats), true);
        JsonObject json = report.toJson("t", 1);

        assertEquals(9, json.get("frames").getAsInt(), "--frames counts replies");
        assertEquals(3, json.get("distinct_frames").getAsInt());
        assertEquals(10.0, json.get("replies_fps").getAsDouble(), "8 intervals of 0.1 s");
        assertEquals(2 / 0.6, json.get("fps").getAsDouble(), 0.001, "new pictures at 0, 0.3 and 0.6 s");
        assertTrue(report.statusLine().contains("fps 3.3 (distinct 3; replies 10.0/s)"), report.statusLine());
        assertFalse(new ViewReport(List.of(stats)).toJson("t", 1).has("distinct_frames"), "v1 has no repeats");
    }

    @Test
    void splitsEachFramesTimeIntoStagesWithTheirPercentiles() {
        ViewStats stats = arrivingEvery(1_000_000L);
        // 100 frames: waits 1..100 us, encodes 2 ms, 3 ms from encode end to arrival, decodes 4 ms; one outlier.
        for (int i = 1; i <= 100; i++) {
            long capture = CAPTURE + i * 40_000L;
            long encodeStart = capture + i;
            long encodeEnd = encodeStart + (i == 100 ? 50_000 : 2_000);
            VideoFrame frame = timed(frame(i, 0, false), capture, encodeStart, encodeEnd, encodeEnd + 500);
            stats.recordDecoded(frame, encodeEnd + 3_000, ViewStats.PictureCheck.OK, 4_000_000L);
        }

        ViewReport report = new ViewReport(List.of(stats));
        JsonObject stages = report.toJson("t", 1).getAsJsonObject("stages");

        assertEquals(0.05, stages.getAsJsonObject("wait_ms").get("p50").getAsDouble());
        assertEquals(0.099, stages.getAsJsonObject("wait_ms").get("p99").getAsDouble());
        assertEquals(2.0, stages.getAsJsonObject("encode_ms").get("p50").getAsDouble());
        assertEquals(2.0, stages.getAsJsonObject("encode_ms").get("p99").getAsDouble(), "1 outlier in 100");
        assertEquals(3.0, stages.getAsJsonObject("send_network_ms").get("p50").getAsDouble());
        assertEquals(4.0, stages.getAsJsonObject("decode_ms").get("p99").getAsDouble());
        String status = report.statusLine();
        assertTrue(status.contains("p50 ms: wait 0.1 enc 2.0 net 3.0 dec 4.0  skipped"), status);
    }

    @Test
    void aPassthroughStreamHasNoWaitOrEncodeStageAndItsSendStageStartsAtCapture() {
        ViewStats stats = arrivingEvery(1_000_000L);
        VideoFrame frame = frame(1, 0, false).toBuilder().setEncoder("passthrough")
                .setSendTime(micros(CAPTURE + 1_000)).build();
        stats.recordDecoded(frame, CAPTURE + 7_000, ViewStats.PictureCheck.OK, -1);
        // NO SIGNAL pictures before the camera came are encoded, but are no camera frames: not split into stages.
        VideoFrame noSignal = timed(frame(2, 0, false), CAPTURE, CAPTURE + 100_000, CAPTURE + 101_000,
                CAPTURE + 101_000).toBuilder().setNoSignal(true).build();
        stats.recordDecoded(noSignal, CAPTURE + 900_000, ViewStats.PictureCheck.OK, -1);

        JsonObject stages = new ViewReport(List.of(stats)).toJson("t", 1).getAsJsonObject("stages");

        assertEquals(List.of("send_network_ms"), List.copyOf(stages.keySet()), "and no decode: none was timed");
        assertEquals(7.0, stages.getAsJsonObject("send_network_ms").get("p50").getAsDouble());
    }

    @Test
    void framesWithoutStageTimesFromAnOlderServerGiveNoStagesButTheirDecode() {
        ViewStats stats = arrivingEvery(1_000_000L);
        stats.recordDecoded(frame(1, 0, false), CAPTURE + 7_000, ViewStats.PictureCheck.OK, 2_500_000L);

        ViewReport report = new ViewReport(List.of(stats));
        JsonObject stages = report.toJson("t", 1).getAsJsonObject("stages");

        assertEquals(List.of("decode_ms"), List.copyOf(stages.keySet()));
        assertTrue(report.statusLine().contains("p50 ms: dec 2.5  skipped"), report.statusLine());
    }

    @Test
    void stagesOfSeveralSubscribersArePooled() {
        ViewStats first = arrivingEvery(1_000_000L);
        ViewStats second = arrivingEvery(1_000_000L);
        first.recordDecoded(timed(frame(1, 0, false), CAPTURE, CAPTURE, CAPTURE + 1_000, CAPTURE + 1_000),
                CAPTURE + 2_000, ViewStats.PictureCheck.OK, -1);
        second.recordDecoded(timed(frame(1, 0, false), CAPTURE, CAPTURE, CAPTURE + 9_000, CAPTURE + 9_000),
                CAPTURE + 10_000, ViewStats.PictureCheck.OK, -1);

        JsonObject encode = new ViewReport(List.of(first, second)).toJson("t", 1).getAsJsonObject("stages")
                .getAsJsonObject("encode_ms");

        assertEquals(1.0, encode.get("p50").getAsDouble());
        assertEquals(9.0, encode.get("p99").getAsDouble());
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

    /** Stats whose frames arrive exactly {@code periodNanos} apart, whatever the test's own timing. */
    private static ViewStats arrivingEvery(long periodNanos) {
        long[] arrivals = {0};
        return new ViewStats(Long.MAX_VALUE, () -> (arrivals[0]++) * periodNanos);
    }

    private static VideoFrame timed(VideoFrame frame, long capture, long encodeStart, long encodeEnd, long send) {
        return frame.toBuilder().setCaptureTime(micros(capture)).setEncodeStartTime(micros(encodeStart))
                .setEncodeEndTime(micros(encodeEnd)).setSendTime(micros(send)).build();
    }

    private static Timestamp micros(long epochMicros) {
        return Timestamp.newBuilder().setSeconds(epochMicros / 1_000_000)
                .setNanos((int) (epochMicros % 1_000_000) * 1000).build();
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
