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
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.Sources;
import io.camstream.capture.TestPatternSource;
import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An MJPEG camera over HTTP ({@code multipart/x-mixed-replace}), the commonest IP camera, played
 * by the JDK's HTTP server on 127.0.0.1: a live stream that FFmpeg must not pace, and one that
 * stalls mid-stream, which must fail a grab within the timeout instead of hanging it.
 */
@Timeout(120)
class MjpegStreamTest {

    private static final String MULTIPART = "multipart/x-mixed-replace;boundary=" + MjpegCamera.BOUNDARY;
    private static final int PARTS = 30;

    private HttpServer http;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Sources sources = Sources.discover();

    @BeforeEach
    void start() throws Exception {
        Prerequisite.require(JavacvNatives.ffmpeg().available(), JavacvNatives.ffmpeg().reason());
        Prerequisite.require(JavacvNatives.opencv().available(), JavacvNatives.opencv().reason());
        List<byte[]> jpegs = new ArrayList<>();
        try (TestPatternSource pattern = new TestPatternSource(320, 240, 1000)) {
            for (int index = 1; index <= PARTS; index++) {
                Frame frame = pattern.grab();
                FrameStamp.draw(frame.pixels(), 320, 240, PixelFormat.BGR24, index, index * 1000L);
                jpegs.add(MjpegCamera.encode(frame));
            }
        }
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/video", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", MULTIPART);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (byte[] jpeg : jpegs) {
                    MjpegCamera.writePart(body, jpeg);
                }
            }
        });
        http.createContext("/stalls", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", MULTIPART);
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            for (byte[] jpeg : jpegs.subList(0, 10)) {
                MjpegCamera.writePart(body, jpeg);
            }
            body.flush();
            try {
                release.await(); // the camera froze with the connection still open
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        http.setExecutor(Executors.newCachedThreadPool());
        http.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (http != null) {
            http.stop(0);
        }
    }

    @Test
    void deliversEveryPartInOrderAtTheCamerasSize() throws Exception {
        List<Frame> frames = new ArrayList<>();
        try (FrameSource source = sources.open(url("/video"), SourceOptions.defaults().withLoop(false))) {
            assertTrue(source.info().description().contains("live"), source.info().description());
            assertThrows(EndOfSourceException.class, () -> {
                while (frames.size() < 100) {
                    frames.add(source.grab());
                }
            });
        }
        assertEquals(PARTS, frames.size());
        assertTrue(frames.stream().allMatch(f -> f.width() == 320 && f.height() == 240));
        assertEquals(LongStream.rangeClosed(1, PARTS).boxed().toList(), frames.stream().map(Clips::index).toList());
    }

    @Test
    void aStreamThatStallsFailsTheNextGrabWithinTheTimeout() throws Exception {
        try (FrameSource source = sources.open(url("/stalls"),
                SourceOptions.defaults().withTimeout(Duration.ofSeconds(1)))) {
            IOException stalled = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(IOException.class, () -> {
                        for (int i = 0; i < 100; i++) {
                            source.grab();
                        }
                    }));
            assertFalse(stalled instanceof EndOfSourceException, "a stall is a failure to recover from, not an end");
        }
    }

    @Test
    void closeFromAnotherThreadEndsAGrabBlockedOnAStalledStreamAtOnce() throws Exception {
        FrameSource source = sources.open(url("/stalls"), SourceOptions.defaults().withTimeout(Duration.ofMinutes(5)));
        CompletableFuture<Throwable> grabbing = CompletableFuture.supplyAsync(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    source.grab();
                }
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(1500); // the ten parts sent are grabbed; the next grab waits for a part that never comes
        long closing = System.nanoTime();
        source.close();
        Throwable ended = grabbing.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closing);
        assertTrue(ended instanceof IOException, String.valueOf(ended));
        assertTrue(ended.getMessage().endsWith(" is closed"), ended.getMessage());
        assertTrue(millis < 2000, "the blocked grab returned " + millis + " ms after close(), not after 5 min");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }
}
