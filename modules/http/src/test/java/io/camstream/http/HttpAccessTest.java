package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An auth file's rules over HTTP: 401 asks for credentials, 403 refuses, probes stay open, revoking ends streams. */
@Timeout(60)
class HttpAccessTest {

    /** Knows one token, which may watch "front" only, until revoked. */
    static final class OneToken implements HttpAccess {
        static final String TOKEN = "s3cret-token";
        final List<Runnable> rechecks = new CopyOnWriteArrayList<>();
        volatile boolean revoked;

        @Override
        public Verdict check(String token, String camera) {
            if (token == null) {
                return Verdict.unauthenticated("this server needs a token");
            }
            if (!token.equals(TOKEN) || revoked) {
                return Verdict.unauthenticated("unknown token");
            }
            return camera.isEmpty() || camera.equals("front") ? Verdict.ALLOWED
                    : Verdict.forbidden("the token may not watch camera '" + camera + "'");
        }

        @Override
        public void onChange(Runnable recheck) {
            rechecks.add(recheck);
        }

        void revoke() {
            revoked = true;
            rechecks.forEach(Runnable::run);
        }
    }

    private static final OneToken ACCESS = new OneToken();
    private static HttpFixture server;

    @BeforeAll
    static void start() throws Exception {
        server = HttpFixture.start(hub -> hub.camera("front", new TestPatternSource(320, 240, 30))
                .camera("back", new TestPatternSource(160, 120, 10)), http -> http.access(ACCESS));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/stream", "/snapshot", "/state", "/?action=stream", "/stream?camera=back"})
    void withoutCredentialsItAsksForThem(String path) throws Exception {
        HttpResponse<String> response = server.get(path);
        assertEquals(401, response.statusCode());
        assertEquals("Basic realm=\"camstream\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals("this server needs a token\n", response.body());
        assertEquals(401, server.client.send(server.request(path).header("Authorization", "Bearer wrong").build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void basicAndBearerCarryTheToken() throws Exception {
        for (String authorization : List.of("Bearer " + OneToken.TOKEN, basic("viewer", OneToken.TOKEN),
                basic(OneToken.TOKEN, ""))) {
            HttpResponse<byte[]> response = server.client.send(server.request("/snapshot")
                    .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode(), authorization);
            assertEquals("image/jpeg", response.headers().firstValue("Content-Type").orElseThrow());
        }
    }

    @Test
    void anotherCameraIs403() throws Exception {
        for (String path : List.of("/stream?camera=back", "/snapshot?camera=back")) {
            HttpResponse<String> response = server.client.send(server.request(path)
                    .header("Authorization", "Bearer " + OneToken.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), path);
            assertEquals("the token may not watch camera 'back'\n", response.body());
        }
    }

    @Test
    void probesStayOpen() throws Exception {
        assertEquals(200, server.get("/healthz").statusCode());
        assertEquals(200, server.get("/readyz").statusCode());
    }

    @Test
    void revokingTheTokenEndsItsStream() throws Exception {
        try (StreamWatcher watcher = new StreamWatcher(server, "/stream", basic(OneToken.TOKEN, ""))) {
            assertTrue(watcher.awaitMoreThan(3, 5000), "the stream runs");
            ACCESS.revoke();
            assertTrue(watcher.ended(2000), "revoking the token ends its stream");
            long after = watcher.parts.get();
            Thread.sleep(300);
            assertEquals(after, watcher.parts.get());
        } finally {
            ACCESS.revoked = false;
        }
        long deadline = System.currentTimeMillis() + 2000;
        while (server.hub.activeSubscribers() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, server.hub.activeSubscribers(), "the ended stream freed its slot");
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
