package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.Supervision;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.JpegDecoder;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.testkit.Allocations;
import io.camstream.testkit.JpegBomb;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile and careless clients cost the hub no more than they are worth: bombs, absurd sequence
 * numbers, squatters and many sizes each meet a budget, and errors never end a camera's capture.
 */
@Timeout(60)
class CameraLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FOUR_MIB = 4 * 1024 * 1024;
    private static final Supervision QUICK = new Supervision(Duration.ofMillis(400), Duration.ofSeconds(5),
            Duration.ofMillis(50), Duration.ofMillis(100), 10);

    private static Hub.Builder hub() {
        return Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).supervision(QUICK);
    }

    @Test
    void aPublishedBombIsRefusedFromItsHeaderAndEndsItsPublishersClaim() throws Exception {
        byte[] bomb = JpegBomb.claiming(20000, 20000);
        try (Hub hub = hub().publishedCamera("edge").build(); Frames edge = new Frames(320, 240)) {
            Camera camera = hub.camera("edge");
            Watcher watcher = new Watcher(camera);
            hub.start();
            Publication publication = camera.publish();
            CompletableFuture<HubException> ended = endOf(publication);
            publishAndAwait(publication, watcher, edge.next());

            long before = Allocations.byLiveThreads();
            publication.offer(budget -> JpegDecoder.decode(new ByteArrayInputStream(bomb), budget, 99, 0, false,
                    false));
            HubException reason = ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long allocated = Allocations.byLiveThreads() - before;

            // Decoding it would have taken 20000 x 20000 x 3 bytes = 1.2 GB.
            assertTrue(allocated < 4 << 20, "refusing a " + bomb.length + "-byte bomb allocated " + allocated
                    + " bytes");
            assertEquals(HubException.Reason.PICTURE_TOO_LARGE, reason.reason());
            assertEquals("a published frame of 20000x20000 exceeds the limit of 67.1 Mpx (see --max-pixels)",
                    reason.getMessage());
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            assertTrue(camera.awaitsPublisher(), "the bomb's sender lost the camera");

            try (Publication next = camera.publish()) {
                publishAndAwait(next, watcher, edge.next());
            }
        }
    }

    @Test
    void bombsOnOneCameraLeaveAnotherCamerasViewerAtFullRate() throws Exception {
        byte[] bomb = JpegBomb.claiming(20000, 20000);
        try (Hub hub = hub().camera("lobby", new TestPatternSource(320, 240, 30)).publishedCamera("edge").build()) {
            Camera lobby = hub.camera("lobby");
            Watcher viewer = new Watcher(lobby);
            AtomicBoolean watching = new AtomicBoolean(true);
            Thread viewing = new Thread(() -> viewer.encodeWhile(watching, hub.defaultVariant()));
            hub.start();
            lobby.awaitFirstFrame(WAIT);
            viewing.start();
            Thread.sleep(500);
            long first = lobby.latest().sequence();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            int bombs = 0;
            while (System.nanoTime() < deadline) {
                Publication publication = hub.camera("edge").publish();
                CompletableFuture<HubException> ended = endOf(publication);
                publication.offer(budget -> JpegDecoder.decode(new ByteArrayInputStream(bomb), budget, 1, 0, false,
                        false));
                assertEquals(HubException.Reason.PICTURE_TOO_LARGE, ended.get(5, TimeUnit.SECONDS).reason());
                bombs++;
            }
            long last = lobby.latest().sequence();
            watching.set(false);
            viewing.join();
            long produced = last - first;
            long received = viewer.taken().stream()
                    .filter(frame -> frame.sequence() > first && frame.sequence() <= last).count();
            assertTrue(bombs >= 3, bombs + " bombs");
            assertTrue(produced >= 75, "the lobby camera kept its 30 fps: " + produced + " frames in 3 s");
            assertTrue(received >= produced - 2, "its viewer got " + received + " of " + produced);
            System.out.printf("bombs: %d, lobby produced %d in 3 s, its viewer got %d%n", bombs, produced, received);
        }
    }

    @Test
    void anOutOfMemoryErrorInAGrabGivesNoSignalUntilTheCameraRecovers() throws Exception {
        ScriptedSource source = new ScriptedSource(320, 240, 60, 5);
        try (Hub hub = hub().camera("c", source).build()) {
            Camera camera = hub.camera("c");
            Watcher watcher = new Watcher(camera);
            hub.start();
            watcher.takeUntil(frame -> frame.sequence() == 5, WAIT);
            source.errorNext(new OutOfMemoryError("Java heap space (injected)"));
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            source.allow(5);
            watcher.takeUntil(frame -> !frame.frame().placeholder(), WAIT);
            assertTrue(watcher.runs().matches("R+P+R"), watcher.runs());
        }
    }

    @Test
    void aSubscriberWhoseWakeUpThrowsCostsTheCameraNothing() throws Exception {
        try (Hub hub = hub().camera("c", new ScriptedSource(320, 240, 100, 40)).build()) {
            Camera camera = hub.camera("c");
            camera.subscribe(() -> {
                throw new OutOfMemoryError("injected in a wake-up");
            });
            Watcher healthy = new Watcher(camera);
            hub.start();
            healthy.takeUntil(frame -> frame.sequence() == 40, WAIT);
        }
    }

    @Test
    void aFrameNumberedTwoToTheSixtyThreeMinusOneFreezesNoViewer() throws Exception {
        try (Hub hub = hub().publishedCamera("edge").build(); Frames edge = new Frames(320, 240)) {
            Camera camera = hub.camera("edge");
            Watcher watcher = new Watcher(camera);
            hub.start();
            try (Publication publication = camera.publish()) {
                for (long sequence : new long[] {1, 2, 3, Long.MAX_VALUE, 4, 5, 6}) {
                    publishAndAwait(publication, watcher, edge.numbered(sequence));
                }
            }
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            try (Publication another = camera.publish()) {
                for (long sequence = 1; sequence <= 3; sequence++) {
                    publishAndAwait(another, watcher, edge.numbered(sequence));
                }
            }
            List<CapturedFrame> taken = watcher.taken();
            for (int i = 1; i < taken.size(); i++) {
                assertTrue(taken.get(i).sequence() > taken.get(i - 1).sequence(), "frame " + i + " went back");
            }
            assertTrue(camera.latest().sequence() < 1_000_000, "numbers stayed the camera's: "
                    + camera.latest().sequence());
        }
    }

    @Test
    void aClaimWithoutUsableFramesExpiresAndTheRealPublisherGetsIn() throws Exception {
        try (Hub hub = hub().publishedCamera("door").publishClaimTimeout(Duration.ofSeconds(2)).build();
             Frames edge = new Frames(320, 240)) {
            Camera camera = hub.camera("door");
            Watcher watcher = new Watcher(camera);
            hub.start();
            Publication squatter = camera.publish();
            CompletableFuture<HubException> ended = endOf(squatter);
            assertFalse(camera.awaitsPublisher());
            HubException refused = assertThrows(HubException.class, camera::publish);
            assertEquals(HubException.Reason.ALREADY_PUBLISHING, refused.reason());
            long start = System.nanoTime();
            // Frames that never decode do not keep a claim alive.
            AtomicBoolean sending = new AtomicBoolean(true);
            Thread garbage = new Thread(() -> {
                while (sending.get()) {
                    squatter.offer(budget -> {
                        throw new java.io.IOException("garbage");
                    });
                    sleep(100);
                }
            });
            garbage.start();

            HubException expired = ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            sending.set(false);
            garbage.join();
            assertEquals(HubException.Reason.CLAIM_EXPIRED, expired.reason());
            assertTrue(expired.getMessage().startsWith("no frame within 2 s: the claim on camera 'door' expired"),
                    expired.getMessage());
            assertTrue(seconds >= 1.9 && seconds < 4, "expired after " + seconds + " s");

            try (Publication real = camera.publish()) {
                CompletableFuture<HubException> realEnd = endOf(real);
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (System.nanoTime() < until) {
                    publishAndAwait(real, watcher, edge.next());
                    sleep(100);
                }
                assertFalse(realEnd.isDone(), "a publisher that keeps sending keeps its claim past the timeout");
            }
        }
    }

    @Test
    void aPublisherLeavingGivesNoSignalAndTheCameraAwaitsTheNext() throws Exception {
        try (Hub hub = hub().publishedCamera("edge").build(); Frames edge = new Frames(320, 240)) {
            Camera camera = hub.camera("edge");
            Watcher watcher = new Watcher(camera);
            hub.start();
            assertTrue(camera.awaitsPublisher(), "idle, not broken, before anyone publishes");
            try (Publication publication = camera.publish()) {
                assertFalse(camera.awaitsPublisher());
                publishAndAwait(publication, watcher, edge.next());
                assertTrue(camera.isLive());
            }
            assertTrue(camera.awaitsPublisher());
            watcher.takeUntil(frame -> frame.frame().placeholder(), WAIT);
            assertFalse(camera.isLive());
        }
    }

    @Test
    void shuttingDownEndsAPublishersClaimAsShuttingDown() throws Exception {
        Hub hub = hub().publishedCamera("edge").build();
        hub.start();
        Publication publication = hub.camera("edge").publish();
        CompletableFuture<HubException> ended = endOf(publication);
        hub.close();
        assertEquals(HubException.Reason.SHUTTING_DOWN, ended.get(5, TimeUnit.SECONDS).reason());
        assertEquals(HubException.Reason.SHUTTING_DOWN,
                assertThrows(HubException.class, () -> hub.camera("edge").publish()).reason());
    }

    @Test
    void theFirstFrameCanBeAwaitedWithoutAThreadAndOneWaiterGivingUpLeavesTheOthers() throws Exception {
        try (Hub hub = hub().camera("c", new ScriptedSource(320, 240, 30, 1)).build()) {
            Camera camera = hub.camera("c");
            CompletableFuture<CapturedFrame> impatient = camera.firstFrame();
            CompletableFuture<CapturedFrame> patient = camera.firstFrame();
            assertFalse(patient.isDone(), "not before capture starts");
            impatient.cancel(false);
            hub.start();
            assertEquals(1, patient.get(WAIT.toSeconds(), TimeUnit.SECONDS).sequence());
            assertTrue(camera.firstFrame().isDone(), "later callers get it at once");
        }
    }

    @Test
    void thirtyDistinctMaxSizesCostAFewEncodesPerFrameAndANormalViewerKeepsTheCameraRate() throws Exception {
        try (Hub hub = hub().camera("c", new TestPatternSource(640, 480, 30)).build()) {
            Camera camera = hub.camera("c");
            List<Variant> thumbnails = new ArrayList<>();
            Set<Rendition> ladder = new HashSet<>();
            for (int i = 0; i < 30; i++) {
                Variant variant = hub.variant("", 0, null, 24 + 21 * i, 0);
                thumbnails.add(variant);
                ladder.add(variant.renditionOf(640, 480));
            }
            assertTrue(ladder.size() <= 6, "30 sizes snap to " + ladder);
            Variant normal = hub.defaultVariant();
            ladder.add(normal.renditionOf(640, 480));

            List<Thread> viewers = new ArrayList<>();
            List<Watcher> thumbnailWatchers = new ArrayList<>();
            AtomicBoolean watching = new AtomicBoolean(true);
            for (Variant variant : thumbnails) {
                Watcher watcher = new Watcher(camera);
                thumbnailWatchers.add(watcher);
                viewers.add(new Thread(() -> watcher.encodeWhile(watching, variant)));
            }
            Watcher normalViewer = new Watcher(camera);
            viewers.add(new Thread(() -> normalViewer.encodeWhile(watching, normal)));
            hub.start();
            viewers.forEach(Thread::start);
            camera.awaitFirstFrame(WAIT);
            Thread.sleep(1000); // warm up
            long first = camera.latest().sequence();
            long encodesBefore = camera.encodeCount();
            Thread.sleep(4000);
            long last = camera.latest().sequence();
            watching.set(false);
            for (Thread viewer : viewers) {
                viewer.join();
            }
            long encodes = camera.encodeCount() - encodesBefore;

            long frames = last - first;
            long normalGot = normalViewer.taken().stream()
                    .filter(frame -> frame.sequence() > first && frame.sequence() <= last).count();
            assertTrue(encodes <= (frames + 2) * ladder.size(),
                    encodes + " encodes for " + frames + " frames in " + ladder.size() + " sizes");
            assertTrue(normalGot >= 0.9 * frames, "the normal viewer got " + normalGot + " of " + frames + " frames");
            System.out.printf("30 sizes: %d frames, %d encodes in %d sizes, the normal viewer got %d%n", frames,
                    encodes, ladder.size(), normalGot);
            assertTrue(frames >= 80, "the camera kept near its 30 fps: " + frames + " frames in 4 s");
        }
    }

    private static CompletableFuture<HubException> endOf(Publication publication) {
        CompletableFuture<HubException> ended = new CompletableFuture<>();
        publication.onEnd(ended::complete);
        return ended;
    }

    /** Publishes a frame and waits until the watcher takes it (by its unique capture time). */
    private static void publishAndAwait(Publication publication, Watcher watcher, Published frame)
            throws InterruptedException {
        publication.offer(frame.pending());
        watcher.takeUntil(taken -> taken.frame().captureEpochMicros() == frame.captureEpochMicros(), WAIT);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A publisher's frame, as a JPEG; its capture time tells it apart. */
    private record Published(byte[] jpeg, long sequence, long captureEpochMicros) {
        FrameInbox.Pending pending() {
            return budget -> JpegDecoder.decode(new ByteArrayInputStream(jpeg), budget, sequence, captureEpochMicros,
                    false, false);
        }
    }

    /** Test-pattern frames encoded as a publisher would send them. */
    private static final class Frames implements AutoCloseable {
        private final TestPatternSource pattern;
        private final FrameEncoder encoder = new ImageIoEncoderProvider().create(EncoderOptions.defaults());
        private long micros = 1_000_000;
        private long sequence;

        Frames(int width, int height) {
            pattern = new TestPatternSource(width, height, 1000);
        }

        Published next() throws Exception {
            return numbered(++sequence);
        }

        Published numbered(long sequence) throws Exception {
            Frame frame = pattern.grab();
            return new Published(encoder.encode(frame).data(), sequence, ++micros);
        }

        @Override
        public void close() {
            encoder.close();
            pattern.close();
        }
    }
}
