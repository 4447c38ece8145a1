package io.camstream.benchmarks.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.encode.EncoderOptions;
import io.camstream.hub.Camera;
import io.camstream.server.CamstreamServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The ceiling design in process: whole JPEGs after a header, in order, and a mailbox per live connection. */
class RawSenderTest {

    private CamstreamServer camstream;
    private Camera camera;
    private RawSender raw;
    private String target;

    @BeforeEach
    void start() throws Exception {
        camstream = CamstreamServer.builder(new TestPatternSource(320, 240, 30)).bind("127.0.0.1").port(0)
                .maxSubscribers(0).options(EncoderOptions.defaults()).start();
        camera = camstream.hub().defaultCamera();
        raw = RawSender.start(camera, camstream.hub().defaultVariant());
        target = "127.0.0.1:" + raw.port();
    }

    @AfterEach
    void stop() {
        raw.close();
        camstream.close();
    }

    @Test
    void sendsEachClientWholeJpegsInOrderAndFreesTheMailboxOfOneThatLeaves() throws Exception {
        Map<Integer, List<RawClients.Received>> received = new ConcurrentHashMap<>();
        try (RawClients clients = new RawClients(target, 3,
                frame -> received.computeIfAbsent(frame.client(), c -> new CopyOnWriteArrayList<>()).add(frame))) {
            await(() -> received.size() == 3 && received.values().stream().allMatch(frames -> frames.size() >= 5),
                    "3 clients with 5 frames each: " + received.keySet());
            for (List<RawClients.Received> frames : received.values()) {
                long previous = 0;
                for (RawClients.Received frame : frames) {
                    assertTrue(frame.sequence() > previous, "sequences increase: " + frames);
                    previous = frame.sequence();
                    assertTrue(frame.captureMicros() > 0, "a capture time: " + frame);
                    // The length read from the header ends exactly at a JPEG's end: the next header parsed too.
                    assertEquals(0xFFD8, frame.head(), "a JPEG starts with SOI: " + frame);
                    assertEquals(0xFFD9, frame.tail(), "a JPEG ends with EOI: " + frame);
                }
            }
            int shortest = received.values().stream().flatMap(List::stream).mapToInt(RawClients.Received::length)
                    .min().orElseThrow();
            clients.stats.forEach(SubscriberStats::startMeasuring);
            await(() -> clients.stats.stream().allMatch(stats -> stats.frames() >= 3), "3 measured frames each");
            clients.stats.forEach(SubscriberStats::stopMeasuring);
            for (SubscriberStats stats : clients.stats) {
                // The test pattern's JPEGs vary a little in size (fresh noise): at least half the shortest seen, each.
                assertTrue(stats.bytes() >= stats.frames() * (long) shortest / 2, "the JPEGs' bytes are counted");
                assertEquals(0, stats.errors());
            }
            await(() -> viewers() == 3, "3 raw viewers");

            RawClients another = new RawClients(target, 1);
            try {
                await(() -> viewers() == 4, "a fourth viewer");
            } finally {
                another.close();
            }
            await(() -> viewers() == 3, "the fourth viewer's mailbox freed when it closed");
        }
        await(() -> viewers() == 0, "every mailbox freed");
        assertEquals(0, camera.subscriberCount());
    }

    private int viewers() {
        return camera.stats().protocol(RawSender.PROTOCOL).viewers();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
