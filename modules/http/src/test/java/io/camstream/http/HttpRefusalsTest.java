package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every refusal says why in one line, and none of them disturbs a viewer watching meanwhile. */
@Timeout(60)
class HttpRefusalsTest {

    private static HttpFixture server;
    private static StreamWatcher watcher;

    @BeforeAll
    static void start() throws Exception {
        server = HttpFixture.start();
        watcher = new StreamWatcher(server, "/stream");
        assertTrue(watcher.awaitMoreThan(0, 5000), "the watcher gets frames");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            long before = watcher.parts.get();
            assertTrue(watcher.awaitMoreThan(before + 5, 5000), "the watcher still gets frames after the refusals");
            assertNull(watcher.failure.get(), "the watcher's stream failed");
            watcher.close();
        } finally {
            server.close();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/stream?quality=0|quality must be a whole number from 1 to 100, got '0'",
        "/stream?quality=101|quality must be a whole number from 1 to 100, got '101'",
        "/stream?quality=high|quality must be a whole number from 1 to 100, got 'high'",
        "/stream?color=blue|color must be gray or color, got 'blue'",
        "/stream?max_fps=0|max_fps must be a number of frames per second above 0",
        "/stream?max_fps=-5|max_fps must be a number of frames per second above 0",
        "/stream?max_fps=fast|max_fps must be a number of frames per second above 0",
        "/stream?max_size=640|max_size must be WIDTHxHEIGHT in pixels, e.g. 640x480, got '640'",
        "/stream?max_size=0x480|max_size must be WIDTHxHEIGHT in pixels, e.g. 640x480, got '0x480'",
        "/stream?encoder=nope|unknown encoder 'nope'; available encoders: imageio",
        "/stream?fps=5&zoom=2|unknown parameters fps, zoom; /stream takes",
        "/stream?quality=50&quality=60|quality is given 2 times; give it once",
        "/snapshot?max_fps=5|unknown parameter max_fps; /snapshot takes",
        "/?action=dance|action must be stream or snapshot, got 'dance'",
        "/?camera=front|/ takes only action=stream or action=snapshot",
    })
    void aBadOptionIs400WithItsReason(String path, String reason) throws Exception {
        HttpResponse<String> response = server.get(path);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().startsWith(reason),
                "'" + response.body() + "' does not start with '" + reason + "'");
        assertEquals(1, response.body().lines().count(), "one line: " + response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stream?camera=back", "/snapshot?camera=back", "/?action=stream&camera=back"})
    void anUnknownCameraIs404NamingTheCameras(String path) throws Exception {
        HttpResponse<String> response = server.get(path);
        assertEquals(404, response.statusCode());
        assertEquals("no camera named 'back'; this server has: front\n", response.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stream?camera=%zz", "/snapshot?quality=%C0%AF", "/stream?%=1"})
    void aMalformedQueryIs400(String path) throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
            RawHttp.Head head = raw.head();
            assertEquals(400, head.status(), path + ": " + raw.rest());
        }
    }

    @Test
    void anUnknownPathIs404() throws Exception {
        assertEquals(404, server.get("/streams").statusCode());
        assertEquals(404, server.get("/index.html").statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void onlyGetAndHeadAreAnswered(String method) throws Exception {
        HttpResponse<String> response = server.client.send(server.request("/stream")
                .method(method, HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(405, response.statusCode());
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void anOversizedHeaderIs431() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(9 * 1024) + "\r\n\r\n");
            assertEquals(431, raw.head().status());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"GARBAGE\r\n\r\n", "GET /stream HTTP/9.9\r\n\r\n",
        "GET /stream HTTP/1.1\r\nBad Header\r\n\r\n", "\u0001\u0002\u0003 / HTTP/1.1\r\n\r\n"})
    void aMalformedRequestIs400(String request) throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(request);
            int status = raw.head().status();
            assertTrue(status == 400 || status == 505, request.trim() + " answered " + status);
        }
    }
}
