package io.camstream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.hub.Hub;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The scrape: every family, with its labels and the hub's very counts, moving as frames flow. */
@Timeout(60)
class CamstreamMetricsTest {

    private static final int FOUR_MIB = 4 * 1024 * 1024;
    private static final Map<String, String> FRONT = Map.of("camera", "front");
    private static final Map<String, String> DOOR = Map.of("camera", "door");
    private static final Map<String, String> FRONT_GRPC = Map.of("camera", "front", "protocol", "grpc");
    private static final Map<String, String> FRONT_LEGACY = Map.of("camera", "front", "protocol", "legacy");
    private static final Map<String, String> IMAGEIO = Map.of("encoder", "imageio");

    @Test
    void everyFamilyIsThereWithItsHelpTypeLabelsAndTheHubsCounts() throws Exception {
        CamstreamMetrics metrics = new CamstreamMetrics();
        try (Traffic traffic = new Traffic(metrics);
             Traffic.Viewer grpc = traffic.viewer("grpc", traffic.hub.defaultVariant(), FOUR_MIB);
             Traffic.Viewer legacy = traffic.viewer("legacy", traffic.hub.variant("", 60, ColorMode.COLOR, 0, 0),
                     2000)) {
            grpc.send(5);
            legacy.send(2);
            metrics.callEnded("camstream.v1.Camstream/Subscribe", "NOT_FOUND");
            metrics.callEnded("camstream.v1.Camstream/Subscribe", "NOT_FOUND");
            metrics.callEnded("MainServer/getStream", "OK");
            Scrape scrape = Scrape.of(metrics);

            assertEquals("text/plain; version=0.0.4; charset=utf-8", metrics.contentType());
            for (String[] family : new String[][] {{"camstream_frames_captured_total", "counter"},
                {"camstream_no_signal_frames_total", "counter"}, {"camstream_frames_encoded_total", "counter"},
                {"camstream_encode_seconds", "histogram"}, {"camstream_frames_sent_total", "counter"},
                {"camstream_sent_bytes_total", "counter"}, {"camstream_frames_skipped_total", "counter"},
                {"camstream_frames_adapted_total", "counter"}, {"camstream_viewers", "gauge"},
                {"camstream_source_up", "gauge"}, {"camstream_source_reconnects_total", "counter"},
                {"camstream_grpc_calls_total", "counter"}}) {
                String name = family[0];
                assertTrue(scrape.text.matches("(?s)(.*\n)?# TYPE " + name + " " + family[1] + "\n.*"), name);
                assertTrue(scrape.text.matches("(?s)(.*\n)?# HELP " + name + " \\S[^\n]{10,}\n.*"), name);
            }

            long captured = (long) scrape.require("camstream_frames_captured_total", FRONT);
            assertTrue(captured >= 5, "at least the frames sent: " + captured);
            assertEquals(0, scrape.require("camstream_frames_captured_total", DOOR), "nobody publishes to it");
            assertTrue(scrape.require("camstream_no_signal_frames_total", DOOR) >= 0);
            assertEquals(0, scrape.require("camstream_no_signal_frames_total", FRONT));
            assertEquals(1, scrape.require("camstream_source_up", FRONT));
            assertEquals(0, scrape.require("camstream_source_up", DOOR));
            assertEquals(0, scrape.require("camstream_source_reconnects_total", FRONT));

            Map<String, String> gray95 = Map.of("camera", "front", "encoder", "imageio", "quality", "95",
                    "color", "gray");
            assertEquals(grpc.frames, scrape.require("camstream_frames_encoded_total", gray95));
            double encodes = scrape.all("camstream_frames_encoded_total").stream()
                    .mapToDouble(Scrape.Sample::value).sum();
            long encodeCount = traffic.hub.camera("front").encodeCount();
            assertEquals(encodeCount, encodes, "every encode, under its encoder, quality and colour");
            assertTrue(scrape.all("camstream_frames_encoded_total").stream().anyMatch(sample -> sample.labels()
                    .get("color").equals("color") && Integer.parseInt(sample.labels().get("quality")) < 60),
                    "the legacy viewer's 2000-byte limit made lower qualities: " + scrape.text);

            assertEquals(encodeCount, scrape.require("camstream_encode_seconds_count", IMAGEIO), "every encode timed");
            assertEquals(encodeCount, scrape.require("camstream_encode_seconds_bucket",
                    Map.of("encoder", "imageio", "le", "+Inf")));
            assertTrue(scrape.require("camstream_encode_seconds_sum", IMAGEIO) > 0);

            assertEquals(1, scrape.require("camstream_viewers", FRONT_GRPC));
            assertEquals(1, scrape.require("camstream_viewers", FRONT_LEGACY));
            assertEquals(grpc.frames, scrape.require("camstream_frames_sent_total", FRONT_GRPC));
            assertEquals(grpc.bytes, scrape.require("camstream_sent_bytes_total", FRONT_GRPC));
            assertEquals(grpc.skipped, scrape.require("camstream_frames_skipped_total", FRONT_GRPC));
            assertEquals(0, scrape.require("camstream_frames_adapted_total", FRONT_GRPC));
            assertEquals(legacy.frames, scrape.require("camstream_frames_sent_total", FRONT_LEGACY));
            assertEquals(2, scrape.require("camstream_frames_adapted_total", FRONT_LEGACY), "2000 bytes is tight");
            assertEquals(List.of(), scrape.all("camstream_viewers").stream()
                    .filter(sample -> sample.labels().get("camera").equals("door")).toList(), "nobody watches it");

            assertEquals(2, scrape.require("camstream_grpc_calls_total",
                    Map.of("method", "camstream.v1.Camstream/Subscribe", "code", "NOT_FOUND")));
            assertEquals(1, scrape.require("camstream_grpc_calls_total",
                    Map.of("method", "MainServer/getStream", "code", "OK")));

            assertTrue(scrape.require("jvm_threads_current", Map.of()) > 0, "the JVM's own metrics");
            assertFalse(scrape.all("jvm_memory_used_bytes").isEmpty());
        }
    }

    @Test
    void countersMoveBetweenScrapesWhileFramesFlowAndViewersLeave() throws Exception {
        CamstreamMetrics metrics = new CamstreamMetrics();
        try (Traffic traffic = new Traffic(metrics)) {
            Traffic.Viewer viewer = traffic.viewer("http", traffic.hub.defaultVariant(), FOUR_MIB).send(3);
            Scrape first = Scrape.of(metrics);
            viewer.send(3);
            Scrape second = Scrape.of(metrics);
            viewer.close();
            Scrape third = Scrape.of(metrics);

            Map<String, String> frontHttp = Map.of("camera", "front", "protocol", "http");
            for (String counter : List.of("camstream_frames_sent_total", "camstream_sent_bytes_total")) {
                assertTrue(second.require(counter, frontHttp) > first.require(counter, frontHttp), counter);
            }
            assertTrue(second.require("camstream_frames_captured_total", FRONT)
                    > first.require("camstream_frames_captured_total", FRONT));
            assertEquals(first.require("camstream_encode_seconds_count", IMAGEIO) + 3,
                    second.require("camstream_encode_seconds_count", IMAGEIO), "three frames, three encodes");
            assertEquals(1, second.require("camstream_viewers", frontHttp));
            assertEquals(0, third.require("camstream_viewers", frontHttp), "the viewer left");
            assertEquals(second.require("camstream_frames_sent_total", frontHttp),
                    third.require("camstream_frames_sent_total", frontHttp), "what it was sent stays counted");
        }
    }

    @Test
    void withoutAHubOnlyTheJvmAndCallMetricsReportAndAHubIsBoundOnce() throws Exception {
        CamstreamMetrics metrics = new CamstreamMetrics();
        metrics.callEnded("grpc.health.v1.Health/Check", "OK");
        Scrape unbound = Scrape.of(metrics);
        assertEquals(List.of(), unbound.all("camstream_frames_captured_total"));
        assertEquals(1, unbound.require("camstream_grpc_calls_total",
                Map.of("method", "grpc.health.v1.Health/Check", "code", "OK")));
        assertTrue(unbound.require("jvm_threads_current", Map.of()) > 0);

        Encoders imageio = Encoders.of(List.of(new ImageIoEncoderProvider()));
        try (Hub hub = Hub.builder().camera("front", new TestPatternSource(160, 120, 30)).encoders(imageio).build();
             Hub other = Hub.builder().camera("other", new TestPatternSource(160, 120, 30)).encoders(imageio).build()) {
            metrics.bind(hub);
            assertThrows(IllegalStateException.class, () -> metrics.bind(other));
            assertEquals(0, Scrape.of(metrics).require("camstream_frames_captured_total", FRONT), "not started");
            CamstreamMetrics ofHub = CamstreamMetrics.of(other);
            assertEquals(0, Scrape.of(ofHub).require("camstream_frames_captured_total", Map.of("camera", "other")));
            assertEquals(List.of(), Scrape.of(ofHub).all("camstream_grpc_calls_total"), "registries are not shared");
        }
    }
}
