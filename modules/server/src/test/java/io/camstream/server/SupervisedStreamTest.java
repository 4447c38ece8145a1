package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SupervisedSource;
import io.camstream.capture.Supervision;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A camera that fails, then hangs, then recovers, behind the real server and clients on
 * 127.0.0.1: the subscribers' streams survive it, NO SIGNAL frames arrive flagged while it is down,
 * and real frames resume with sequence numbers still increasing.
 */
@Timeout(90)
class SupervisedStreamTest {

    private static final int WIDTH = 320;
    private static final int HEIGHT = 240;
    // Down periods of a few hundred ms at 10 placeholders/s: several NO SIGNAL frames each time.
    private static final Supervision QUICK = new Supervision(Duration.ofMillis(500), Duration.ofSeconds(5),
            Duration.ofMillis(300), Duration.ofMillis(600), 10);
    private static final String FAIL_HANG_RECOVER = "R+P+R+P+R{15,}";

    @Test
    void subscribersKeepTheirStreamsThroughAFailureAndAHang() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        SupervisedSource.Opener camera = () -> switch (opens.incrementAndGet()) {
            case 1 -> new ScriptedCamera(20, Ending.THROW);
            case 2 -> new ScriptedCamera(10, Ending.HANG);
            default -> new ScriptedCamera(Integer.MAX_VALUE, Ending.THROW);
        };
        SupervisedSource source = SupervisedSource.start("scripted camera", camera, QUICK,
                new SourceInfo("scripted camera", WIDTH, HEIGHT, 30, PixelFormat.BGR24));
        CamstreamServer server = CamstreamServer.builder(source).bind("127.0.0.1").port(0).start();
        List<CamstreamClient> clients = new ArrayList<>();
        List<FrameCollector> collectors = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + server.port());
                clients.add(client);
                FrameCollector collector = new FrameCollector();
                collectors.add(collector);
                client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            }
            for (FrameCollector collector : collectors) {
                List<VideoFrame> frames = awaitPattern(collector, Duration.ofSeconds(60));
                assertFalse(collector.end.isDone(), "the stream is still open: " + collector.end.getNow(null));
                FrameCollector.assertIncreasing(frames);
                for (VideoFrame frame : frames) {
                    assertEquals(WIDTH, frame.getWidth());
                    assertEquals(HEIGHT, frame.getHeight());
                    if (frame.getNoSignal()) {
                        Picture picture = Picture.decode(frame.getData().toByteArray());
                        assertEquals(WIDTH, picture.width());
                        assertTrue(picture.stamp().orElseThrow()
                                .matches(frame.getSequence(), InProcessServicesTest.captureMicros(frame)),
                                "a NO SIGNAL frame is stamped with its own sequence and time");
                    }
                }
            }
            assertEquals(3, opens.get(), "opened at start, after the failure and after the hang");
        } finally {
            clients.forEach(CamstreamClient::close);
            server.close();
        }
    }

    @Test
    void anEmbeddedServersOwnSourceIsSupervisedToo() throws Exception {
        // No SupervisedSource here: a program embedding the server hands over a plain source that dies.
        FrameSource unplugged = new ScriptedCamera(20, Ending.THROW);
        try (InProcessCamstream camstream = InProcessCamstream.start(CamstreamServer.builder(unplugged)
                .supervision(QUICK))) {
            FrameCollector collector = new FrameCollector();
            camstream.client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            // Up to 20 camera frames (a subscriber may skip one to latest-wins), then NO SIGNAL.
            while (!runs(collector.frames()).matches("R{1,20}P{5,}")) {
                assertFalse(collector.end.isDone(), "the stream ended: " + collector.end.getNow(null));
                assertTrue(System.nanoTime() < deadline, "got " + runs(collector.frames()));
                Thread.sleep(50);
            }
            FrameCollector.assertIncreasing(collector.frames());
            VideoFrame placeholder = collector.frames().stream().filter(VideoFrame::getNoSignal).findFirst()
                    .orElseThrow();
            Picture picture = Picture.decode(placeholder.getData().toByteArray());
            assertEquals(WIDTH, picture.width(), "NO SIGNAL at the source's size");
            assertTrue(picture.stamp().orElseThrow()
                    .matches(placeholder.getSequence(), InProcessServicesTest.captureMicros(placeholder)));
            assertFalse(camstream.client.describe(Duration.ofSeconds(5)).getCameras(0).getLive());
        }
    }

    private static List<VideoFrame> awaitPattern(FrameCollector collector, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<VideoFrame> frames = collector.frames();
            String runs = runs(frames);
            if (runs.matches(FAIL_HANG_RECOVER)) {
                return frames;
            }
            if (collector.end.isDone() || System.nanoTime() > deadline) {
                fail("expected real, NO SIGNAL, real, NO SIGNAL, real frames; got " + runs + " and end "
                        + collector.end.getNow(null));
            }
            Thread.sleep(50);
        }
    }

    /** R for a camera frame, P for a placeholder, in arrival order. */
    private static String runs(List<VideoFrame> frames) {
        StringBuilder runs = new StringBuilder();
        frames.forEach(frame -> runs.append(frame.getNoSignal() ? 'P' : 'R'));
        return runs.toString();
    }

    private enum Ending { THROW, HANG }

    /** Delivers a number of paced test-pattern frames, then fails or hangs like a dying driver. */
    private static final class ScriptedCamera implements FrameSource {
        private final TestPatternSource pattern = new TestPatternSource(WIDTH, HEIGHT, 30);
        private final CountDownLatch closed = new CountDownLatch(1);
        private final int frames;
        private final Ending ending;
        private int delivered;

        ScriptedCamera(int frames, Ending ending) {
            this.frames = frames;
            this.ending = ending;
        }

        @Override
        public SourceInfo info() {
            return pattern.info();
        }

        @Override
        public Frame grab() throws IOException, InterruptedException {
            if (delivered++ < frames) {
                return pattern.grab();
            }
            if (ending == Ending.HANG) {
                closed.await();
            }
            throw new IOException("camera unplugged");
        }

        @Override
        public void close() {
            closed.countDown();
            pattern.close();
        }
    }
}
