package io.camstream.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.client.WireFrames;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.hub.Hub;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.VideoFrame;
import io.nats.client.Connection;
import io.nats.client.Nats;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hub's cameras on a real nats-server (127.0.0.1), read the way another language would read them: a
 * plain-socket NATS subscriber ({@link RawNatsReader}) and protobuf.
 */
@Timeout(120)
class NatsOriginTest {

    private static final long WAIT_MS = 10_000;

    @TempDir
    Path dir;

    @Test
    void everyFrameArrivesOnceWithItsMetadataAndAWholeJpeg() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null);
                RawNatsReader reader = new RawNatsReader(nats.port(), "camstream.front.frames")) {
            long previous = 0;
            for (int i = 0; i < 10; i++) {
                RawNatsReader.Message message = reader.next(WAIT_MS);
                assertNotNull(message, "frame " + i + " within 10 s");
                assertEquals("camstream.front.frames", message.subject());
                VideoFrame frame = VideoFrame.parseFrom(message.payload());
                assertTrue(frame.getSequence() > previous, "sequences increase: " + frame.getSequence());
                previous = frame.getSequence();
                assertEquals("front", frame.getCamera());
                assertEquals("imageio", frame.getEncoder());
                assertEquals(95, frame.getQuality());
                assertTrue(frame.getStamped(), "the test pattern stamps its frames");
                long capture = WireFrames.epochMicros(frame.getCaptureTime());
                assertTrue(capture <= WireFrames.epochMicros(frame.getEncodeStartTime())
                        && WireFrames.epochMicros(frame.getEncodeEndTime()) <= WireFrames.epochMicros(
                                frame.getSendTime()), "stage times in order: " + frame);
                BufferedImage picture = ImageIO.read(new ByteArrayInputStream(frame.getData().toByteArray()));
                assertEquals(320, picture.getWidth());
                assertEquals(240, picture.getHeight());
            }
            assertTrue(origin.published() >= 10);
        }
    }

    @Test
    void aFourKQualityHundredFrameIsReencodedToFitTheServersMaxPayload() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("big", 3840, 2160, 2, new EncoderOptions(100, ColorMode.GRAY));
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null);
                RawNatsReader reader = new RawNatsReader(nats.port(), "camstream.big.frames")) {
            RawNatsReader.Message message = reader.next(30_000);
            assertNotNull(message, "a 4K frame within 30 s");
            assertTrue(message.payload().length <= 1024 * 1024, "within NATS' default max_payload of 1 MiB: "
                    + message.payload().length);
            VideoFrame frame = VideoFrame.parseFrom(message.payload());
            assertTrue(frame.getAdapted(), "said to be adapted");
            assertTrue(frame.getQuality() < 100, "re-encoded at a lower quality: " + frame.getQuality());
            BufferedImage picture = ImageIO.read(new ByteArrayInputStream(frame.getData().toByteArray()));
            assertEquals(frame.getWidth(), picture.getWidth());
            assertEquals(frame.getHeight(), picture.getHeight());
            assertEquals("CONNECTED", origin.status());
        }
    }

    @Test
    void camerasDescribeThemselvesOnRequestAndEveryTwoSeconds() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("yard", 10);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null);
                RawNatsReader announcements = new RawNatsReader(nats.port(), "camstream.*.describe")) {
            Connection client = Nats.connect(nats.url());
            try {
                CameraInfo answer = CameraInfo.parseFrom(client.request("camstream.yard.describe", new byte[0],
                        Duration.ofSeconds(5)).getData());
                assertEquals("yard", answer.getName());
                assertEquals(320, answer.getWidth());
            } finally {
                client.close();
            }
            RawNatsReader.Message announced = announcements.next(5_000);
            while (announced != null && announced.payload().length == 0) {
                announced = announcements.next(5_000); // the request above went to this subject too
            }
            assertNotNull(announced, "announced within 5 s");
            assertEquals("camstream.yard.describe", announced.subject());
            assertEquals("yard", CameraInfo.parseFrom(announced.payload()).getName());
            assertEquals("CONNECTED", origin.status());
        }
    }

    @Test
    void framesAreDroppedNotQueuedWhileNatsIsAwayAndFlowAgainWhenItReturns() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("door", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null)) {
            long before;
            try (RawNatsReader reader = new RawNatsReader(nats.port(), "camstream.door.frames")) {
                before = VideoFrame.parseFrom(reader.next(WAIT_MS).payload()).getSequence();
            }
            nats.stop();
            Thread.sleep(1000);
            assertNotEquals("CONNECTED", origin.status());
            long dropped = origin.dropped();
            assertTrue(dropped > 10, "a second at 30 fps dropped, not queued: " + dropped);
            nats.start();
            try (RawNatsReader reader = new RawNatsReader(nats.port(), "camstream.door.frames")) {
                RawNatsReader.Message message = reader.next(WAIT_MS);
                assertNotNull(message, "frames flow again once NATS is back");
                VideoFrame frame = VideoFrame.parseFrom(message.payload());
                assertTrue(frame.getSequence() > before + 25, "the newest frame, not a backlog: " + frame.getSequence()
                        + " after " + before);
            }
        }
    }

    @Test
    void anOriginStartedBeforeNatsReturnsAtOnceAndPublishesOnceNatsIsUp() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log"));
                Hub hub = PatternHubs.start("gate", 30)) {
            long started = System.nanoTime();
            try (NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null)) {
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                assertTrue(tookMillis < 6000, "start does not wait for NATS: " + tookMillis + " ms");
                assertEquals("CONNECTING", origin.status());
                nats.start();
                try (RawNatsReader reader = new RawNatsReader(nats.port(), "camstream.gate.frames")) {
                    assertNotNull(reader.next(WAIT_MS), "frames once NATS is up");
                }
                assertEquals("CONNECTED", origin.status());
                assertTrue(origin.dropped() > 0, "frames before NATS were dropped");
            }
            nats.stop();
            long closing = System.nanoTime();
            NatsOrigin.start(hub, List.of(nats.url()), null).close();
            long closeMillis = (System.nanoTime() - closing) / 1_000_000;
            assertTrue(closeMillis < 8000, "start and close with NATS away: " + closeMillis + " ms");
        }
    }

    @Test
    void aCameraNameWithADotIsRefusedBeforeConnecting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> NatsSubjects.frames("front.door"));
        assertTrue(refused.getMessage().contains("front-door"), refused.getMessage());
        assertEquals("camstream.front-door.frames", NatsSubjects.frames("front-door"));
    }
}
