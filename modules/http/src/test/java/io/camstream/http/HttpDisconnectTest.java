package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A viewer that goes away frees its place in the hub at once, however it leaves. */
@Timeout(60)
class HttpDisconnectTest {

    private static HttpFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpFixture.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aClosedSocketFreesTheSlotWithinASecond() throws Exception {
        for (int round = 0; round < 3; round++) {
            RawHttp raw = new RawHttp(server.port());
            raw.send("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(200, raw.head().status());
            raw.in().readNBytes(4096);
            assertEquals(1, server.hub.activeSubscribers(), "the stream holds one slot");
            raw.close();
            assertFreedWithin(1000);
        }
    }

    @Test
    void aClosedClientBodyFreesTheSlotWithinASecond() throws Exception {
        InputStream body = server.open("/stream?color=color").body();
        body.readNBytes(4096);
        assertEquals(1, server.hub.activeSubscribers());
        body.close();
        assertFreedWithin(1000);
    }

    /**
     * Nothing is read from a streaming connection, so a client's leaving shows when the next frame is
     * written: within a frame period, here half a second.
     */
    @Test
    void aClientOfASlowCameraIsNoticedAtTheNextFrame() throws Exception {
        try (HttpFixture slow = HttpFixture.start(hub -> hub.camera("slow", new TestPatternSource(320, 240, 2)),
                http -> http)) {
            RawHttp raw = new RawHttp(slow.port());
            raw.send("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(200, raw.head().status());
            raw.in().readNBytes(2048);
            assertEquals(1, slow.hub.activeSubscribers());
            raw.close();
            long start = System.nanoTime();
            long deadline = System.currentTimeMillis() + 1500;
            while (slow.hub.activeSubscribers() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, slow.hub.activeSubscribers(), "a 2 fps stream's slot is still held after 1.5 s");
            System.out.printf("2 fps camera: slot freed %.0f ms after the client left%n",
                    (System.nanoTime() - start) / 1e6);
        }
    }

    /** The idle timeout is how long a client that reads nothing is kept; one that reads is never cut off. */
    @Test
    void aStalledClientIsClosedAfterTheIdleTimeout() throws Exception {
        try (HttpFixture impatient = HttpFixture.start(hub -> hub.camera("front", new TestPatternSource(640, 480, 30)),
                http -> http.idleTimeout(Duration.ofSeconds(1)));
                StreamWatcher reading = new StreamWatcher(impatient, "/stream")) {
            RawHttp stalled = new RawHttp(impatient.port(), 16 * 1024);
            stalled.send("GET /stream HTTP/1.0\r\n\r\n");
            long deadline = System.currentTimeMillis() + 3000;
            while (impatient.hub.activeSubscribers() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2, impatient.hub.activeSubscribers());
            deadline = System.currentTimeMillis() + 10_000;
            while (impatient.hub.activeSubscribers() > 1 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, impatient.hub.activeSubscribers(), "the stalled client was closed");
            long parts = reading.parts.get();
            Thread.sleep(1500);
            assertTrue(reading.parts.get() > parts + 20, "the reading client goes on past the idle timeout");
            stalled.close();
        }
    }

    @Test
    void aFullServerAndTooManyVariantsAre503WithTheReason() throws Exception {
        try (HttpFixture small = HttpFixture.start(hub -> hub.maxSubscribers(2).maxVariants(1)
                .camera("front", new TestPatternSource(320, 240, 30)), http -> http);
                StreamWatcher first = new StreamWatcher(small, "/stream?quality=70")) {
            HttpResponse<String> variants = small.get("/stream?quality=60");
            assertEquals(503, variants.statusCode());
            assertTrue(variants.body().contains("imageio quality 70 gray"), "names the one in use: " + variants.body());
            try (StreamWatcher second = new StreamWatcher(small, "/stream?quality=70")) {
                assertTrue(second.awaitMoreThan(0, 5000));
                HttpResponse<String> full = small.get("/stream");
                assertEquals(503, full.statusCode());
                assertEquals(1, full.body().lines().count(), full.body());
                assertTrue(first.awaitMoreThan(0, 5000), "the viewers in keep watching");
            }
        }
    }

    @Test
    void aStreamOfAHeadOrARefusalHoldsNoSlot() throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("HEAD /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            assertEquals(200, raw.head().status());
            assertEquals(0, server.hub.activeSubscribers());
        }
        assertEquals(400, server.get("/stream?quality=0").statusCode());
        assertEquals(0, server.hub.activeSubscribers());
    }

    private static void assertFreedWithin(long millis) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = System.currentTimeMillis() + millis;
        while (server.hub.activeSubscribers() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, server.hub.activeSubscribers(), "the slot is still held after " + millis + " ms");
        assertTrue(server.hub.defaultCamera().subscriberCount() == 0);
        System.out.printf("slot freed %.0f ms after the client left%n", (System.nanoTime() - start) / 1e6);
    }
}
