package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.CaptureClock;
import io.camstream.capture.Supervision;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.testkit.Picture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The hub's promises, without any network: the adapters over it inherit them. */
@Timeout(60)
class CameraTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FOUR_MIB = 4 * 1024 * 1024;
    /** Short outages in tests: reopen after 50 ms, 10 placeholders a second meanwhile. */
    private static final Supervision QUICK = new Supervision(Duration.ofMillis(400), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(100), 10);

    private static Hub.Builder hub() {
        return Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).supervision(QUICK);
    }

    @Test
    void eachFrameIsEncodedOncePerVariantHoweverManySubscribersTakeIt() throws Exception {
        int frames = 30;
        ScriptedSource source = new ScriptedSource(320, 240, 100, frames);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            List<Variant> variants = List.of(hub.defaultVariant(), hub.variant("", 70, ColorMode.COLOR, 0, 0));
            List<Watcher> watchers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                watchers.add(new Watcher(camera));
            }
            hub.start();
            // Each subscriber encodes what it takes as it takes it, on its own thread, as a server's would.
            ExecutorService threads = Executors.newFixedThreadPool(watchers.size());
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < watchers.size(); i++) {
                Variant variant = variants.get(i % 2);
                Watcher watcher = watchers.get(i);
                results.add(threads.submit(() -> {
                    List<String> got = new ArrayList<>();
                    watcher.takeUntil(frame -> {
                        FittedFrame fitted = camera.encode(frame, variant, FOUR_MIB);
                        assertEquals(variant.options(), fitted.encoded().options());
                        got.add(variant + "#" + frame.sequence());
                        return frame.sequence() == frames;
                    }, WAIT);
                    return got;
                }));
            }
            Set<String> distinct = new HashSet<>();
            long deliveries = 0;
            for (Future<List<String>> result : results) {
                List<String> got = result.get();
                distinct.addAll(got);
                deliveries += got.size();
            }
            threads.shutdown();
            assertEquals(distinct.size(), camera.encodeCount(), "one encode per variant and frame");
            assertTrue(deliveries >= 2 * distinct.size(),
                    deliveries + " deliveries of " + distinct.size() + " encodes");
        }
    }

    @Test
    void aStalledSubscriberHoldsOnlyTheNewestFrameAndNeverHoldsUpAnother() throws Exception {
        int frames = 60;
        ScriptedSource source = new ScriptedSource(160, 120, 200, frames);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            Watcher stalled = new Watcher(camera);
            Watcher healthy = new Watcher(camera);
            hub.start();

            healthy.takeUntil(frame -> frame.sequence() == frames, WAIT);
            stalled.awaitOffers(frames, WAIT); // the camera offered every frame to the stalled box too
            CapturedFrame held = stalled.mailbox.poll();
            assertSame(camera.latest(), held, "the stalled box holds the newest frame");
            assertNull(stalled.mailbox.poll(), "and nothing else: one frame, however long it stalled");
        }
    }

    @Test
    void anEmbeddedSourceThatFailsGivesNoSignalFramesUntilItIsBack() throws Exception {
        ScriptedSource source = new ScriptedSource(320, 240, 60, 10);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            Watcher watcher = new Watcher(camera);
            hub.start();
            watcher.takeUntil(frame -> frame.sequence() == 10, WAIT);
            source.failNext(6);
            source.allow(10);
            CapturedFrame placeholder = watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            assertFalse(camera.isLive(), "a camera sending NO SIGNAL is not live");
            assertEquals(320, placeholder.frame().width(), "placeholders have the source's size");
            Picture picture = Picture.decode(
                    camera.encode(placeholder, hub.defaultVariant(), FOUR_MIB).encoded().data());
            assertTrue(picture.stamp().orElseThrow().matches(placeholder.sequence(),
                    placeholder.frame().captureEpochMicros()), "a NO SIGNAL frame is stamped with its own number");

            watcher.takeUntil(frame -> !frame.frame().placeholder(), WAIT);
            assertTrue(watcher.runs().matches("R+P+R"), watcher.runs());
            for (int i = 1; i < watcher.taken().size(); i++) {
                assertTrue(watcher.taken().get(i).sequence() > watcher.taken().get(i - 1).sequence());
            }
        }
    }

    @Test
    void anEmbeddedSourceThatHangsIsCaughtByTheWatchdog() throws Exception {
        ScriptedSource source = new ScriptedSource(320, 240, 60, 5);
        try (Hub hub = hub().camera("c", source).build()) {
            Watcher watcher = new Watcher(hub.camera("c"));
            hub.start();
            watcher.takeUntil(frame -> frame.sequence() == 5, WAIT);
            // The sixth grab blocks: the watchdog gives up on it and NO SIGNAL frames follow.
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            source.allow(5);
            watcher.takeUntil(frame -> !frame.frame().placeholder(), WAIT);
            assertTrue(watcher.runs().matches("R+P+R"), watcher.runs());
        }
    }

    @Test
    void aPublishedCameraShowsNoSignalUntilAPublisherSendsAndTakesOnePublisherAtATime() throws Exception {
        try (Hub hub = hub().publishedCamera("edge").build();
             TestPatternSource edge = new TestPatternSource(320, 240, 100)) {
            Camera camera = hub.camera("edge");
            Watcher watcher = new Watcher(camera);
            hub.start();
            assertTrue(camera.isPublished());
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            assertFalse(camera.isLive());

            try (Publication publication = camera.publish()) {
                HubException second = assertThrows(HubException.class, camera::publish);
                assertEquals(HubException.Reason.ALREADY_PUBLISHING, second.reason());
                long deadline = System.nanoTime() + WAIT.toNanos();
                CapturedFrame published = null;
                while (published == null) {
                    var frame = edge.grab();
                    publication.offer(budget -> frame);
                    published = watcher.mailbox.poll();
                    if (published != null && published.frame().placeholder()) {
                        published = null;
                    }
                    assertTrue(System.nanoTime() < deadline, "no published frame came through");
                }
                assertTrue(published.frame().stamped(), "the publisher's own numbering and stamp are kept");
                assertEquals(320, camera.info().width());
                assertTrue(publication.received() > 0);
            }
            try (Publication again = camera.publish()) {
                assertEquals(0, again.received(), "the claim was given back");
            }
        }
    }

    @Test
    void aCameraWithItsOwnSourceCannotBePublishedTo() {
        try (Hub hub = hub().camera("c", new ScriptedSource(320, 240, 30, 1)).build()) {
            HubException e = assertThrows(HubException.class, () -> hub.camera("c").publish());
            assertEquals(HubException.Reason.NOT_PUBLISHABLE, e.reason());
            assertTrue(e.getMessage().contains("--source c=publish"), e.getMessage());
        }
    }

    @Test
    void aFullHubRefusesWithTheReasonAndAFreedSlotIsReused() {
        try (Hub hub = hub().camera("a", new ScriptedSource(320, 240, 30, 1))
                .camera("b", new ScriptedSource(320, 240, 30, 1)).maxSubscribers(2).build()) {
            Mailbox first = hub.camera("a").subscribe(() -> { });
            hub.camera("b").subscribe(() -> { });
            HubException full = assertThrows(HubException.class, () -> hub.camera("b").subscribe(() -> { }));
            assertEquals(HubException.Reason.FULL, full.reason());
            assertTrue(full.getMessage().contains("maximum of 2 subscribers"), full.getMessage());

            first.close();
            first.close(); // twice frees one slot, not two
            hub.camera("a").subscribe(() -> { });
            assertEquals(2, hub.activeSubscribers());
            assertThrows(HubException.class, () -> hub.camera("a").subscribe(() -> { }));
        }
    }

    @Test
    void unknownCamerasAndEncodersAreRefusedWithWhatThereIs() {
        try (Hub hub = hub().camera("front", new ScriptedSource(320, 240, 30, 1)).build()) {
            HubException unknown = assertThrows(HubException.class, () -> hub.camera("garage"));
            assertEquals(HubException.Reason.NO_SUCH_CAMERA, unknown.reason());
            assertEquals("no camera named 'garage'; this server has: front", unknown.getMessage());
            IllegalArgumentException encoder = assertThrows(IllegalArgumentException.class,
                    () -> hub.variant("nope", 0, null, 0, 0));
            assertEquals("unknown encoder 'nope'; available encoders: imageio", encoder.getMessage());
            assertSame(hub.camera("front"), hub.camera(""), "an empty name is the default camera");
        }
    }

    @Test
    void closingEndsEveryMailboxAsShuttingDown() throws Exception {
        Hub hub = hub().camera("c", new ScriptedSource(320, 240, 30, Integer.MAX_VALUE)).build();
        Watcher watcher = new Watcher(hub.camera("c"));
        hub.start();
        watcher.takeUntil(frame -> true, WAIT);
        hub.close();
        assertEquals(HubException.Reason.SHUTTING_DOWN, watcher.awaitEnd(WAIT).reason());
        HubException late = assertThrows(HubException.class, () -> hub.camera("c").subscribe(() -> { }));
        assertEquals(HubException.Reason.SHUTTING_DOWN, late.reason());
    }

    @Test
    void anEncodedFrameCarriesWhenItsEncodingBeganAndEndedOnTheCaptureClock() throws Exception {
        try (Hub hub = hub().camera("c", new TestPatternSource(640, 480, 30)).build()) {
            hub.start();
            Camera camera = hub.camera("c");
            camera.snapshot(hub.defaultVariant(), FOUR_MIB, WAIT); // warm-up: the first encode loads classes
            long asked = CaptureClock.nowMicros();
            EncodedFrame encoded = camera.snapshot(hub.variant("", 70, ColorMode.COLOR, 0, 0), FOUR_MIB, WAIT)
                    .encoded();
            long returned = CaptureClock.nowMicros();
            long capture = encoded.frame().captureEpochMicros();
            long start = encoded.encodeStartMicros();
            long end = encoded.encodeEndMicros();
            assertTrue(capture <= start && start <= end && end <= returned,
                    "capture " + capture + ", start " + start + ", end " + end + ", returned " + returned);
            assertTrue(start >= asked, "a new variant is encoded when asked for, not before");
            // The encoder's own measure is inside the interval, which adds only scaling (none here) and the clock.
            assertTrue(end - start >= encoded.image().encodeNanos() / 1000 - 1,
                    (end - start) + " us < the encoder's " + encoded.image().encodeNanos() / 1000 + " us");
            assertTrue(end - start < 1_000_000, "a 640x480 encode took " + (end - start) + " us");
        }
    }

    @Test
    void aFrameTooLargeForTheLimitIsReencodedSmallerAndFlagged() throws Exception {
        try (Hub hub = hub().camera("c", new TestPatternSource(1920, 1080, 5))
                .options(new EncoderOptions(100, ColorMode.COLOR)).build()) {
            hub.start();
            Camera camera = hub.camera("c");
            FittedFrame full = camera.snapshot(hub.defaultVariant(), FOUR_MIB, WAIT);
            assertFalse(full.adapted());
            int limit = full.encoded().size() / 2;
            FittedFrame fitted = camera.encode(camera.latest(), hub.defaultVariant(), limit);
            assertTrue(fitted.adapted());
            assertTrue(fitted.encoded().size() <= limit, fitted.encoded().size() + " > " + limit);
            assertTrue(fitted.encoded().options().quality() < 100, "quality goes down first");
            assertEquals(1920, Picture.decode(fitted.encoded().data()).width(), "size kept while quality suffices");
        }
    }
}
