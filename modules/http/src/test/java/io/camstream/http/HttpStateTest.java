package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.Supervision;
import io.camstream.capture.TestPatternSource;
import io.camstream.testkit.Picture;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /state, /readyz, /healthz, /metrics and the page: what probes and dashboards read. */
@Timeout(60)
class HttpStateTest {

    /** A camera that never delivers: its viewers get NO SIGNAL pictures. */
    static final class DeadSource implements FrameSource {
        @Override
        public SourceInfo info() {
            return new SourceInfo("a dead camera", 320, 240, 30, PixelFormat.BGR24);
        }

        @Override
        public Frame grab() throws IOException {
            throw new IOException("the camera is unplugged");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void stateDescribesEachCameraAndItsViewers() throws Exception {
        try (HttpFixture server = HttpFixture.start()) {
            assertTrue(server.hub.defaultCamera().awaitFirstFrame(Duration.ofSeconds(5)));
            try (StreamWatcher watcher = new StreamWatcher(server, "/stream")) {
                assertTrue(watcher.awaitMoreThan(2, 5000));
                long seen = watcher.lastSequence.get();
                HttpResponse<String> response = server.get("/state");
                assertEquals(200, response.statusCode());
                assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
                JsonObject state = JsonParser.parseString(response.body()).getAsJsonObject();
                assertEquals(CamstreamHttp.version(), state.get("version").getAsString());
                JsonObject front = state.getAsJsonArray("cameras").get(0).getAsJsonObject();
                assertEquals("front", front.get("name").getAsString());
                assertEquals(320, front.get("width").getAsInt());
                assertEquals(240, front.get("height").getAsInt());
                assertEquals(30, front.get("fps").getAsDouble());
                assertTrue(front.get("live").getAsBoolean());
                assertEquals("up", front.get("status").getAsString());
                assertFalse(front.get("published").getAsBoolean());
                assertEquals(1, front.getAsJsonObject("viewers").get("http").getAsInt());
                assertEquals(1, front.getAsJsonObject("viewers").get("total").getAsInt());
                JsonObject frames = front.getAsJsonObject("frames");
                assertTrue(frames.get("encoded").getAsLong() > 0);
                long latest = frames.get("latest_sequence").getAsLong();
                assertTrue(frames.get("captured").getAsLong() >= latest, frames.toString());
                assertTrue(frames.get("sent").getAsLong() >= 3, "the watcher's parts are counted: " + frames);
                assertEquals(0, frames.get("no_signal").getAsLong(), frames.toString());
                assertTrue(latest >= seen, "latest_sequence " + latest + " < " + seen + ", already seen");
                double latency = front.get("latency_ms").getAsDouble();
                assertTrue(latency >= 0 && latency < 500, "latency " + latency);
                assertEquals("/stream?camera=front", front.get("stream").getAsString());
                assertEquals("/snapshot?camera=front", front.get("snapshot").getAsString());
                JsonArray encoders = state.getAsJsonArray("encoders");
                assertEquals("imageio", encoders.get(0).getAsJsonObject().get("name").getAsString());
                assertTrue(encoders.get(0).getAsJsonObject().get("default").getAsBoolean());
                assertEquals("imageio", state.getAsJsonObject("default_variant").get("encoder").getAsString());
            }
            assertEquals("ok\n", server.get("/healthz").body());
            HttpResponse<String> ready = server.get("/readyz");
            assertEquals(200, ready.statusCode(), ready.body());
            HttpResponse<String> page = server.get("/");
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
            assertTrue(page.body().contains("fetch(\"/state\""), "the page reads /state");
            assertEquals(404, server.get("/metrics").statusCode(), "no metrics page configured");
        }
    }

    @Test
    void aDeadCameraIsNotReadyAndStreamsNoSignal() throws Exception {
        Supervision quick = new Supervision(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(100),
                Duration.ofMillis(500), Supervision.defaults().placeholderFps());
        try (HttpFixture server = HttpFixture.start(hub -> hub.supervision(quick)
                .camera("front", new TestPatternSource(320, 240, 30)).camera("attic", new DeadSource())
                .publishedCamera("edge"), http -> http)) {
            assertTrue(server.hub.defaultCamera().awaitFirstFrame(Duration.ofSeconds(5)));
            HttpResponse<String> ready = server.get("/readyz");
            assertEquals(503, ready.statusCode());
            assertEquals("not ready (no signal): attic\n", ready.body(),
                    "a camera awaiting its publisher counts as ready");
            assertEquals(200, server.get("/healthz").statusCode());
            JsonObject state = JsonParser.parseString(server.get("/state").body()).getAsJsonObject();
            JsonObject attic = state.getAsJsonArray("cameras").get(1).getAsJsonObject();
            assertEquals("no signal", attic.get("status").getAsString());
            assertTrue(state.getAsJsonArray("cameras").get(2).getAsJsonObject().get("published").getAsBoolean());
            HttpResponse<byte[]> picture = server.bytes("/snapshot?camera=attic");
            assertEquals(200, picture.statusCode(), "NO SIGNAL is a picture too");
            assertEquals(320, Picture.decode(picture.body()).width());
            HttpResponse<InputStream> stream = server.open("/stream?camera=attic");
            try (InputStream body = stream.body()) {
                MjpegReader reader = HttpFixture.reader(body, stream);
                MjpegReader.Part first = reader.next();
                MjpegReader.Part second = reader.next();
                assertTrue(second.sequence() > first.sequence(), "NO SIGNAL pictures keep their sequence going");
                assertEquals(240, Picture.decode(second.body()).height());
            }
        }
    }

    /** A camera that takes its time to open: its first snapshot waits for its first frame. */
    static final class SlowStart implements FrameSource {
        private final TestPatternSource pattern = new TestPatternSource(320, 240, 30);
        private boolean started;

        @Override
        public SourceInfo info() {
            return pattern.info();
        }

        @Override
        public Frame grab() throws IOException, InterruptedException {
            if (!started) {
                started = true;
                Thread.sleep(1000);
            }
            return pattern.grab();
        }

        @Override
        public void close() {
            pattern.close();
        }
    }

    @Test
    void aSnapshotWaitsForAStartingCamerasFirstFrame() throws Exception {
        try (HttpFixture server = HttpFixture.start(hub -> hub.camera("slow", new SlowStart()), http -> http)) {
            long start = System.nanoTime();
            HttpResponse<byte[]> snapshot = server.bytes("/snapshot");
            double waited = (System.nanoTime() - start) / 1e9;
            assertEquals(200, snapshot.statusCode());
            assertEquals(320, Picture.decode(snapshot.body()).width());
            assertTrue(waited > 0.5, "answered after " + waited + " s, before the first frame could exist");
        }
    }

    @Test
    void metricsComeFromTheConfiguredPage() throws Exception {
        MetricsPage page = new MetricsPage() {
            @Override
            public String contentType() {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public void write(OutputStream out) throws IOException {
                out.write("# TYPE camstream_up gauge\ncamstream_up 1\n".getBytes(StandardCharsets.UTF_8));
            }
        };
        try (HttpFixture server = HttpFixture.start(hub -> hub.camera("front", new TestPatternSource(160, 120, 5)),
                http -> http.metrics(page))) {
            HttpResponse<String> response = server.get("/metrics");
            assertEquals(200, response.statusCode());
            assertEquals(page.contentType(), response.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("# TYPE camstream_up gauge\ncamstream_up 1\n", response.body());
        }
    }
}
