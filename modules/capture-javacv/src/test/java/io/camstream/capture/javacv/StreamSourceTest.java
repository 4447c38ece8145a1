package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.camstream.capture.EndOfSourceException;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.Sources;
import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** URL sources against the JDK's HTTP server on 127.0.0.1: a served clip, and a server that never answers. */
@Timeout(120)
class StreamSourceTest {

    @TempDir
    Path dir;

    private HttpServer http;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Sources sources = Sources.discover();

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/dead", exchange -> {
            // A camera that accepted the connection and then died: no answer, ever.
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        http.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (http != null) {
            http.stop(0);
        }
    }

    // Called by the tests that open streams, so that the others still run where FFmpeg's natives are missing.
    private static void needsFfmpeg() {
        Prerequisite.require(JavacvNatives.ffmpeg().available(), JavacvNatives.ffmpeg().reason());
    }

    @Test
    void streamsAClipServedOverHttpAtItsSizeInOrder() throws Exception {
        needsFfmpeg();
        serveClip();
        List<Frame> frames = new ArrayList<>();
        try (FrameSource source = sources.open(url("/clip.mp4"),
                SourceOptions.defaults().withLoop(false).withFps(1000))) {
            assertEquals(320, source.info().width());
            assertEquals(240, source.info().height());
            assertThrows(EndOfSourceException.class, () -> {
                while (frames.size() < 100) {
                    frames.add(source.grab());
                }
            });
        }
        assertEquals(60, frames.size());
        assertEquals(LongStream.rangeClosed(1, 60).boxed().toList(), frames.stream().map(Clips::index).toList());
    }

    @Test
    void aStreamThatNeverAnswersFailsWithinTheTimeoutInsteadOfHanging() {
        needsFfmpeg();
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(IOException.class,
                () -> sources.open(url("/dead"), SourceOptions.defaults().withTimeout(Duration.ofSeconds(1)))));
        assertFalse(e instanceof SourceUnavailableException, "a dead stream may come back: worth retrying");
        assertTrue(e.getMessage().startsWith("cannot open " + url("/dead")), e.getMessage());
    }

    @Test
    void aRefusedConnectionIsARetryableFailure() throws Exception {
        needsFfmpeg();
        int closedPort = closedPort();
        IOException e = assertThrows(IOException.class, () -> sources.open("http://127.0.0.1:" + closedPort + "/x.mp4",
                SourceOptions.defaults().withTimeout(Duration.ofSeconds(2))));
        assertFalse(e instanceof SourceUnavailableException);
    }

    @Test
    void aRefusedStreamNeverShowsItsPasswordNorItsToken() throws Exception {
        needsFfmpeg();
        int closedPort = closedPort();
        for (String url : List.of("rtsp://admin:S3cr3tPw@127.0.0.1:" + closedPort + "/live",
                "http://127.0.0.1:" + closedPort + "/cam.mjpg?user=admin&password=S3cr3tPw")) {
            SourceSpec spec = SourceSpec.parse(url);
            // The provider itself, not only the Sources boundary: FFmpeg's own message quotes the URL.
            IOException e = assertThrows(IOException.class, () -> new StreamSourceProvider().open(spec,
                    SourceOptions.defaults().withTimeout(Duration.ofSeconds(2))));
            String trace = stackTrace(e);
            assertFalse(trace.contains("S3cr3tPw"), trace);
            assertTrue(e.getMessage().startsWith("cannot open " + spec.redacted() + ": "), e.getMessage());
            assertTrue(trace.contains("Could not open input"), "FFmpeg's own words are kept: " + trace);
        }
    }

    @Test
    void aServedStreamDescribesItselfWithoutItsPassword() throws Exception {
        needsFfmpeg();
        serveClip();
        String shown = "http://admin:***@127.0.0.1:" + http.getAddress().getPort() + "/clip.mp4?token=***";
        try (FrameSource source = sources.open(url("/clip.mp4").replace("//", "//admin:S3cr3tPw@") + "?token=S3cr3tPw",
                SourceOptions.defaults())) {
            assertEquals(shown + " (mpeg4, looping)", source.info().description());
            assertEquals(320, source.grab().width());
        }
    }

    private void serveClip() throws Exception {
        byte[] clip = Files.readAllBytes(Clips.write(dir.resolve("clip.mp4"), 60, 320, 240));
        http.createContext("/clip.mp4", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, clip.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(clip);
            }
        });
    }

    private static int closedPort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String stackTrace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }
}
