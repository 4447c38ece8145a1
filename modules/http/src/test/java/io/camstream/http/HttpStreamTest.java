package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.testkit.Picture;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** /stream and /snapshot as players read them: every part decodes, and its picture's stamp agrees with its headers. */
@Timeout(60)
class HttpStreamTest {

    private static HttpFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpFixture.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stream", "/?action=stream", "/stream.mjpg", "/stream?camera=front&quality=80"})
    void everyPartIsTheStampedFrameItsHeadersName(String path) throws Exception {
        HttpResponse<InputStream> response = server.open(path);
        try (InputStream body = response.body()) {
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("Content-Type").orElseThrow()
                    .startsWith("multipart/x-mixed-replace;boundary="), response.headers().toString());
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
            MjpegReader reader = HttpFixture.reader(body, response);
            long previous = 0;
            for (int i = 0; i < 15; i++) {
                MjpegReader.Part part = reader.next();
                assertEquals("image/jpeg", part.header("Content-Type"));
                assertStampMatches(part.body(), part.sequence(), part.captureMicros());
                assertEquals(Parts.timestamp(part.captureMicros()), part.header("X-Timestamp"));
                assertTrue(part.sequence() > previous, part.sequence() + " after " + previous);
                previous = part.sequence();
            }
        }
    }

    @Test
    void theOptionsShapeThePicture() throws Exception {
        HttpResponse<InputStream> response = server.open("/stream?color=color&max_size=160x120&quality=60");
        try (InputStream body = response.body()) {
            Picture picture = Picture.decode(HttpFixture.reader(body, response).next().body());
            assertEquals(160, picture.width());
            assertEquals(120, picture.height());
            assertEquals(PixelFormat.BGR24, picture.format());
        }
        response = server.open("/stream?color=gray");
        try (InputStream body = response.body()) {
            assertEquals(PixelFormat.GRAY8, Picture.decode(HttpFixture.reader(body, response).next().body()).format());
        }
    }

    @Test
    void maxFpsKeepsTheRateAndCountsWhatItSkips() throws Exception {
        HttpResponse<InputStream> response = server.open("/stream?max_fps=5");
        try (InputStream body = response.body()) {
            MjpegReader reader = HttpFixture.reader(body, response);
            List<MjpegReader.Part> parts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                parts.add(reader.next());
            }
            MjpegReader.Part first = parts.get(1);
            MjpegReader.Part last = parts.get(parts.size() - 1);
            double fps = (parts.size() - 2) / ((last.captureMicros() - first.captureMicros()) / 1e6);
            assertTrue(fps > 3.5 && fps < 6.5, "max_fps=5 delivered " + fps + " frames/s");
            long skipped = Long.parseLong(last.header("X-Camstream-Skipped"));
            assertTrue(skipped >= 3, "a 30 fps camera at 5 fps skips about 5 of 6 frames; skipped " + skipped);
        }
    }

    @Test
    void aSnapshotIsTheNewestFrameWithItsHeaders() throws Exception {
        HttpResponse<byte[]> response = server.bytes("/snapshot?color=color");
        assertEquals(200, response.statusCode());
        assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        assertEquals(response.body().length,
                Long.parseLong(response.headers().firstValue("Content-Length").orElseThrow()));
        long sequence = Long.parseLong(response.headers().firstValue("X-Camstream-Sequence").orElseThrow());
        long capture = Long.parseLong(response.headers().firstValue("X-Camstream-Capture-Time").orElseThrow());
        assertEquals(Parts.timestamp(capture), response.headers().firstValue("X-Timestamp").orElseThrow());
        assertStampMatches(response.body(), sequence, capture);
        long age = System.currentTimeMillis() * 1000 - capture;
        assertTrue(age < 1_000_000, "the snapshot is " + age + " µs old");
        HttpResponse<byte[]> mjpgStreamer = server.bytes("/?action=snapshot");
        assertEquals(200, mjpgStreamer.statusCode());
        assertTrue(Long.parseLong(mjpgStreamer.headers().firstValue("X-Camstream-Sequence").orElseThrow()) >= sequence);
        Picture.decode(mjpgStreamer.body());
    }

    @Test
    void headAnswersWithTheHeadersAlone() throws Exception {
        for (String path : List.of("/stream", "/snapshot", "/state", "/")) {
            HttpResponse<String> response = server.client.send(server.request(path)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), path);
            assertEquals("", response.body(), path);
            assertTrue(response.headers().firstValue("Content-Type").isPresent(), path);
        }
    }

    private static void assertStampMatches(byte[] jpeg, long sequence, long captureMicros) {
        FrameStamp.Reading stamp = Picture.decode(jpeg).stamp().orElse(null);
        assertNotNull(stamp, "no readable stamp in frame " + sequence);
        assertTrue(stamp.matches(sequence, captureMicros),
                "the picture says " + stamp + ", the headers sequence " + sequence + " at " + captureMicros);
    }
}
