package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.Sources;
import io.camstream.testkit.Prerequisite;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A camera that asks for a password (HTTP Basic, on 127.0.0.1): the right one plays, a wrong one is
 * "authentication failed" at once, naming the URL without the password. FFmpeg reports RTSP's 401
 * with the same code as HTTP's, so this is also what a wrong RTSP password gives.
 */
@Timeout(60)
class StreamAuthenticationTest {

    private static final String PASSWORD = "S3cr3tPw";

    @TempDir
    Path dir;

    private HttpServer http;
    private final Sources sources = Sources.discover();

    @BeforeEach
    void start() throws Exception {
        Prerequisite.require(JavacvNatives.ffmpeg().available(), JavacvNatives.ffmpeg().reason());
        byte[] clip = Files.readAllBytes(Clips.write(dir.resolve("clip.mp4"), 10, 160, 120));
        String expected = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/clip.mp4", exchange -> {
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"camera\"");
                exchange.sendResponseHeaders(401, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, clip.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(clip);
            }
        });
        http.start();
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void theRightPasswordPlays() throws Exception {
        try (FrameSource source = sources.open(url("admin:" + PASSWORD), SourceOptions.defaults().withFps(1000))) {
            assertEquals(160, source.grab().width());
        }
    }

    @Test
    void aWrongPasswordIsAuthenticationFailedWithoutThePassword() {
        String url = url("admin:" + PASSWORD + "x");
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> sources.open(url, SourceOptions.defaults()));
        String shown = "http://admin:***@127.0.0.1:" + http.getAddress().getPort() + "/clip.mp4";
        assertTrue(e.getMessage().startsWith("authentication failed for " + shown + ": the server refused the user"
                + " name or password (Server returned 401 Unauthorized"), e.getMessage());
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(PASSWORD), trace.toString());
    }

    @Test
    void noPasswordAtAllIsAuthenticationFailedToo() {
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> sources.open(url(null), SourceOptions.defaults()));
        assertTrue(e.getMessage().startsWith("authentication failed for http://127.0.0.1:"), e.getMessage());
    }

    private String url(String credentials) {
        return "http://" + (credentials == null ? "" : credentials + "@") + "127.0.0.1:" + http.getAddress().getPort()
                + "/clip.mp4";
    }
}
