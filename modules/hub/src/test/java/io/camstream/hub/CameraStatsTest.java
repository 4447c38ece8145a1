package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Supervision;
import io.camstream.encode.ColorMode;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a camera counts ({@link Camera#stats()}) moves with what it does, and only then. */
@Timeout(60)
class CameraStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FOUR_MIB = 4 * 1024 * 1024;
    private static final Supervision QUICK = new Supervision(Duration.ofMillis(400), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(100), 10);

    private static Hub.Builder hub() {
        return Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).supervision(QUICK);
    }

    /** What a viewer sent, counted by the test as an adapter would count it. */
    private static final class Sent {
        long frames;
        long bytes;
        long skipped;
        long adapted;
        long lastSequence;

        CameraStats.ProtocolStats as(String protocol, int viewers) {
            return new CameraStats.ProtocolStats(protocol, viewers, frames, bytes, skipped, adapted);
        }
    }

    /** Takes, encodes and "sends" frames as an adapter does, telling the mailbox, up to that sequence number. */
    private static Sent sendUntil(Watcher viewer, Variant variant, int maxBytes, long lastSequence)
            throws InterruptedException {
        Sent sent = new Sent();
        viewer.takeUntil(frame -> {
            FittedFrame fitted = viewer.mailbox.camera().encode(frame, variant, maxBytes);
            long skipped = sent.lastSequence == 0 ? 0 : frame.sequence() - sent.lastSequence - 1;
            viewer.mailbox.sent(fitted.encoded().size(), skipped, fitted.adapted());
            sent.frames++;
            sent.bytes += fitted.encoded().size();
            sent.skipped += skipped;
            sent.adapted += fitted.adapted() ? 1 : 0;
            sent.lastSequence = frame.sequence();
            return frame.sequence() >= lastSequence;
        }, WAIT);
        return sent;
    }

    @Test
    void capturesEncodesAndDeliveriesAreCountedPerVariantAndProtocol() throws Exception {
        int frames = 20;
        ScriptedSource source = new ScriptedSource(160, 120, 200, frames);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            Variant gray = hub.defaultVariant();
            Variant color = hub.variant("", 70, ColorMode.COLOR, 0, 0);
            CameraStats before = camera.stats();
            assertEquals(0, before.framesCaptured());
            assertEquals(0, before.framesEncoded());
            assertEquals(List.of(), before.protocols(), "no viewer yet");

            Watcher grayViewer = new Watcher(camera, "grpc", gray);
            Watcher colorViewer = new Watcher(camera, "http", color);
            hub.start();
            Sent graySent = sendUntil(grayViewer, gray, FOUR_MIB, frames);
            Sent colorSent = sendUntil(colorViewer, color, FOUR_MIB, frames); // its box holds the newest only

            CameraStats stats = camera.stats();
            assertEquals("c", stats.camera());
            assertEquals(frames, stats.framesCaptured(), "every frame up to the last one taken");
            assertEquals(0, stats.noSignalFrames());
            assertEquals(0, stats.reconnects());
            int quality = gray.options().quality();
            assertEquals(List.of(new CameraStats.EncoderCount("imageio", 70, ColorMode.COLOR, colorSent.frames),
                    new CameraStats.EncoderCount("imageio", quality, ColorMode.GRAY, graySent.frames)),
                    stats.encodes(), "one encode per frame taken in each variant, ordered by quality");
            assertEquals(camera.encodeCount(), stats.framesEncoded());
            assertEquals(List.of(graySent.as("grpc", 1), colorSent.as("http", 1)), stats.protocols());
            assertEquals(frames, graySent.frames + graySent.skipped + grayViewer.taken().get(0).sequence() - 1,
                    "every frame was sent or skipped after the first one taken");
            assertEquals(Map.of("grpc", 1, "http", 1), stats.viewersByProtocol());
            assertEquals(graySent.skipped + colorSent.skipped, stats.framesSkipped());

            grayViewer.mailbox.close();
            colorViewer.mailbox.close();
            CameraStats after = camera.stats();
            assertEquals(List.of(graySent.as("grpc", 0), colorSent.as("http", 0)), after.protocols(),
                    "viewers gone, what they were sent stays counted");
        }
    }

    @Test
    void viewersAreCountedByProtocolWhileTheyWatchAndWaitsAreNotViewers() throws Exception {
        try (Hub hub = hub().camera("c", new ScriptedSource(160, 120, 30, 0)).build()) {
            Camera camera = hub.camera("c");
            Variant variant = hub.defaultVariant();
            Mailbox first = camera.subscribe("grpc", variant, () -> { });
            Mailbox second = camera.subscribe("grpc", variant, () -> { });
            Mailbox legacy = camera.subscribe("legacy", null, () -> { });
            Mailbox snapshotWait = camera.subscribe(() -> { });
            assertEquals(4, hub.activeSubscribers(), "a wait takes a slot all the same");
            assertEquals(Map.of("grpc", 2, "legacy", 1), camera.stats().viewersByProtocol());
            assertEquals(3, camera.stats().viewers());

            snapshotWait.sent(1000, 0, false);
            assertEquals(0, camera.stats().framesSent(), "what a wait sends is no viewer's");
            first.close();
            first.close();
            assertEquals(Map.of("grpc", 1, "legacy", 1), camera.stats().viewersByProtocol(),
                    "closing twice counts once");
            second.close();
            legacy.close();
            snapshotWait.close();
            assertEquals(Map.of("grpc", 0, "legacy", 0), camera.stats().viewersByProtocol());
            assertEquals(0, hub.activeSubscribers());
        }
    }

    @Test
    void aProtocolNameMustBeAPlainLabelAndARefusedOneTakesNoSlot() {
        try (Hub hub = hub().camera("c", new ScriptedSource(160, 120, 30, 0)).build()) {
            Camera camera = hub.camera("c");
            for (String bad : List.of("", "GRPC", "grpc web", "1http", "a\"b", "x".repeat(33))) {
                assertThrows(IllegalArgumentException.class, () -> camera.subscribe(bad, null, () -> { }), bad);
            }
            assertEquals(0, hub.activeSubscribers());
            assertEquals(List.of(), camera.stats().protocols());
            try (Mailbox box = camera.subscribe("grpc", null, () -> { })) {
                assertThrows(IllegalArgumentException.class, () -> box.sent(-1, 0, false));
                assertThrows(IllegalArgumentException.class, () -> box.sent(10, -1, false));
            }
        }
    }

    @Test
    void framesReEncodedSmallerAreCountedAsAdaptedAndUnderTheQualityTheyGot() throws Exception {
        ScriptedSource source = new ScriptedSource(320, 240, 100, 1);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            Watcher viewer = new Watcher(camera, "grpc", hub.defaultVariant());
            hub.start();
            Sent sent = sendUntil(viewer, hub.defaultVariant(), 3000, 1);

            CameraStats stats = camera.stats();
            assertEquals(1, sent.adapted, "a 320x240 test pattern does not fit in 3000 bytes at quality 95");
            assertEquals(1, stats.protocol("grpc").framesAdapted());
            assertTrue(stats.encodes().size() > 1, "each step down is an encode of its own: " + stats.encodes());
            assertTrue(stats.encodes().stream().anyMatch(count -> count.quality() < 95 && count.frames() == 1),
                    "lower qualities counted: " + stats.encodes());
            assertEquals(camera.encodeCount(), stats.framesEncoded());
        }
    }

    @Test
    void aSourceThatFailsCountsNoSignalFramesAndAReconnectOnceItIsBack() throws Exception {
        ScriptedSource source = new ScriptedSource(320, 240, 60, 10);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            Watcher watcher = new Watcher(camera);
            hub.start();
            watcher.takeUntil(frame -> frame.sequence() == 10, WAIT);
            source.failNext(6);
            source.allow(10);
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            CameraStats down = camera.stats();
            assertFalse(down.live());
            assertTrue(down.noSignalFrames() >= 1, "NO SIGNAL counted: " + down);
            assertEquals(10, down.framesCaptured());
            assertEquals(0, down.reconnects(), "still down");

            watcher.takeUntil(frame -> !frame.frame().placeholder(), WAIT);
            long newestBefore = camera.latest().sequence();
            CameraStats up = camera.stats();
            long newestAfter = camera.latest().sequence();
            assertEquals(1, up.reconnects());
            assertTrue(up.framesCaptured() >= 11, up.toString());
            // Numbers run without gaps here, real or NO SIGNAL, and a frame is counted just after it is the newest.
            long counted = up.framesCaptured() + up.noSignalFrames();
            assertTrue(counted >= newestBefore - 1 && counted <= newestAfter,
                    "every frame counted once: " + counted + " of " + newestBefore + ".." + newestAfter);
            assertEquals(List.of(), up.protocols(), "a wait is not a viewer");
        }
    }

    @Test
    void theEncodeObserverHearsOfEveryEncodeAndOneThatFailsCostsNoFrame() throws Exception {
        record Encode(String camera, String encoder, int quality, ColorMode color, long nanos, int bytes) {
        }
        Queue<Encode> heard = new ConcurrentLinkedQueue<>();
        EncodeObserver observer = (camera, encoder, options, nanos, bytes) -> {
            heard.add(new Encode(camera, encoder, options.quality(), options.color(), nanos, bytes));
            throw new IllegalStateException("an observer that fails");
        };
        try (Hub hub = hub().encodeObserver(observer).camera("c", new ScriptedSource(160, 120, 30, 100)).build()) {
            hub.start();
            Camera camera = hub.camera("c");
            FittedFrame gray = camera.snapshot(hub.defaultVariant(), FOUR_MIB, WAIT);
            FittedFrame color = camera.snapshot(hub.variant("", 60, ColorMode.COLOR, 0, 0), FOUR_MIB, WAIT);

            assertEquals(camera.encodeCount(), heard.size(), "one call per encode: " + heard);
            assertTrue(heard.stream().allMatch(encode -> encode.camera().equals("c")
                    && encode.encoder().equals("imageio") && encode.nanos() > 0), heard.toString());
            assertTrue(heard.contains(new Encode("c", "imageio", 60, ColorMode.COLOR,
                    color.encoded().image().encodeNanos(), color.encoded().size())), heard.toString());
            assertTrue(heard.contains(new Encode("c", "imageio", gray.encoded().quality(), ColorMode.GRAY,
                    gray.encoded().image().encodeNanos(), gray.encoded().size())), heard.toString());
        }
    }
}
