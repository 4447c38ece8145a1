package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The hub's promises: encode per variant not per client, never queue for a slow client, honour each
 * subscriber's options.
 */
@Timeout(90)
class FanOutTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void fiftySubscribersInThreeVariantsCostFramesTimesVariantsEncodes() throws Exception {
        int frames = 40;
        FiniteSource source = new FiniteSource(320, 240, 30, frames);
                List<SubscribeRequest> variants = List.of(
                SubscribeRequest.getDefaultInstance(),
                SubscribeRequest.newBuilder().setQuality(70).build(),
                SubscribeRequest.newBuilder().setColor(io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR).build());
        Map<Integer, List<FrameCollector>> byVariant = new HashMap<>();
        try (InProcessCamstream camstream = InProcessCamstream.start(CamstreamServer.builder(source))) {
            CamstreamServer server = camstream.server;
            CamstreamClient client = camstream.client;
            for (int i = 0; i < 50; i++) {
                FrameCollector collector = new FrameCollector();
                byVariant.computeIfAbsent(i % 3, k -> new ArrayList<>()).add(collector);
                client.subscribe(variants.get(i % 3), collector);
            }
            // Every subscriber ends on the last frame, whatever it skipped on the way.
            for (List<FrameCollector> collectors : byVariant.values()) {
                for (FrameCollector collector : collectors) {
                    collector.awaitSequence(frames, WAIT);
                }
            }
            long encodes = server.hub().defaultCamera().encodeCount();

            long delivered = 0;
            long distinctPerVariant = 0;
            for (List<FrameCollector> collectors : byVariant.values()) {
                Set<Long> sequences = new HashSet<>();
                for (FrameCollector collector : collectors) {
                    collector.frames().forEach(frame -> sequences.add(frame.getSequence()));
                    delivered += collector.frames().size();
                }
                distinctPerVariant += sequences.size();
            }
            // Each frame a variant's subscribers received was encoded once for that variant, and nothing else was.
            assertEquals(distinctPerVariant, encodes, "encodes vs distinct frames per variant");
            assertTrue(encodes <= (long) frames * variants.size(),
                    encodes + " encodes for " + frames + " frames x 3 variants");
            assertTrue(delivered > 10 * encodes, delivered + " deliveries from only " + encodes + " encodes");
        }
    }

    @Test
    void aSubscriberThatStopsReadingForTenSecondsNeitherQueuesNorSlowsTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FrameCollector stalled = new FrameCollector() {
            @Override
            public void onFrame(VideoFrame frame) {
                super.onFrame(frame);
                if (frames().size() == 1) {
                    try {
                        release.await(); // stop reading after the first frame
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        FrameCollector healthy = new FrameCollector();
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(640, 480, 30))
                     .bind("127.0.0.1").port(0).start();
             CamstreamClient stalledClient = CamstreamClient.connect("127.0.0.1:" + server.port());
             CamstreamClient healthyClient = CamstreamClient.connect("127.0.0.1:" + server.port())) {
            stalledClient.subscribe(SubscribeRequest.getDefaultInstance(), stalled);
            healthyClient.subscribe(SubscribeRequest.getDefaultInstance(), healthy);
            stalled.await(1, WAIT);
            long stallStart = server.hub().defaultCamera().latest().sequence();
            Thread.sleep(10_000);
            long stallEnd = server.hub().defaultCamera().latest().sequence();
            release.countDown();

            // The healthy subscriber kept the camera's pace: it got (nearly) every frame produced meanwhile.
            long healthyDuring = healthy.frames().stream()
                    .filter(f -> f.getSequence() > stallStart && f.getSequence() <= stallEnd).count();
            assertTrue(stallEnd - stallStart >= 200, "the camera kept capturing: " + (stallEnd - stallStart));
            assertTrue(healthyDuring >= 0.9 * (stallEnd - stallStart),
                    healthyDuring + " of " + (stallEnd - stallStart) + " frames reached the healthy subscriber");
            // The stalled one resumes at the newest frame within what the transport itself buffers
            // (a flow-control window, never a queue of the server's), told how many it missed.
            List<VideoFrame> resumed = stalled.await(20, WAIT);
            VideoFrame jump = resumed.stream().filter(f -> f.getSkipped() > 100).findFirst()
                    .orElseThrow(() -> new AssertionError("no frame after the stall says how many were skipped: "
                            + resumed.stream().map(f -> f.getSequence() + "/" + f.getSkipped()).toList()));
            assertTrue(resumed.indexOf(jump) <= 16, "frames queued before the skip: " + resumed.indexOf(jump));
            assertTrue(jump.getSequence() >= stallEnd,
                    "resumed at " + jump.getSequence() + ", stall ended at " + stallEnd);
            FrameCollector.assertIncreasing(resumed);
        }
    }

    @Test
    void maxFpsAndMaxSizeAreHonouredPerSubscriber() throws Exception {
        try (InProcessCamstream camstream = InProcessCamstream.start(
                CamstreamServer.builder(new TestPatternSource(640, 480, 30)))) {
            CamstreamClient client = camstream.client;
            FrameCollector slowAndSmall = new FrameCollector();
            FrameCollector full = new FrameCollector();
            client.subscribe(SubscribeRequest.newBuilder().setMaxFps(10).setMaxWidth(320).setMaxHeight(320).build(),
                    slowAndSmall);
            client.subscribe(SubscribeRequest.getDefaultInstance(), full);

            List<VideoFrame> frames = slowAndSmall.await(12, WAIT);
            for (VideoFrame frame : frames) {
                assertEquals(320, frame.getWidth());
                assertEquals(240, frame.getHeight(), "aspect ratio kept");
                Picture picture = Picture.decode(frame.getData().toByteArray());
                assertEquals(320, picture.width());
                assertTrue(picture.stamp().orElseThrow().matches(frame.getSequence(),
                        InProcessServicesTest.captureMicros(frame)));
            }
            // At 10 of 30 fps, two of every three frames are skipped, by sequence number (not by clock).
            long span = frames.get(frames.size() - 1).getSequence() - frames.get(1).getSequence();
            double perFrame = (double) span / (frames.size() - 2);
            assertTrue(perFrame > 2.5 && perFrame < 3.5, "one frame in " + perFrame + " delivered at max_fps 10 of 30");
            for (int i = 1; i < frames.size(); i++) {
                long gap = frames.get(i).getSequence() - frames.get(i - 1).getSequence();
                assertEquals(gap - 1, frames.get(i).getSkipped(), "frames dropped to keep the rate count as skipped");
            }
            assertEquals(640, full.await(1, WAIT).get(0).getWidth(), "the other subscriber keeps the full size");
        }
    }

    @Test
    void aFourKColourFrameAtQualityHundredIsAdaptedUnderFourMiB() throws Exception {
        TestPatternSource source = new TestPatternSource(3840, 2160, 5);
        try (InProcessCamstream camstream = InProcessCamstream.start(CamstreamServer.builder(source)
                .encoders(Encoders.of(List.of(new ImageIoEncoderProvider())))
                .options(new EncoderOptions(100, ColorMode.COLOR)))) {
            CamstreamServer server = camstream.server;
            CamstreamClient client = camstream.client;
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            VideoFrame frame = collector.await(2, WAIT).get(1);

            // The premise: as asked, this frame does not fit.
            int asAsked = new ImageIoEncoderProvider().create(new EncoderOptions(100, ColorMode.COLOR))
                    .encode(server.hub().defaultCamera().latest().frame()).data().length;
            assertTrue(asAsked > 4 * 1024 * 1024, "a 4K colour q100 frame should exceed 4 MiB, was " + asAsked);

            assertTrue(frame.getAdapted(), "flagged as adapted");
            assertTrue(frame.getSerializedSize() <= 4 * 1024 * 1024,
                    "message of " + frame.getSerializedSize() + " bytes");
            assertTrue(frame.getQuality() < 100, "quality lowered first: " + frame.getQuality());
            assertEquals(3840, frame.getWidth(), "size kept while quality alone is enough");
            Picture picture = Picture.decode(frame.getData().toByteArray());
            assertTrue(picture.stamp().orElseThrow().matches(frame.getSequence(),
                    InProcessServicesTest.captureMicros(frame)));

            // The same through the legacy service: gray, base64 counted against the client's 4 MiB.
            byte[] jpeg = client.fetchLegacyJpeg(WAIT);
            assertTrue(Math.ceil(jpeg.length / 3.0) * 4 < 4 * 1024 * 1024,
                    "legacy base64 of " + jpeg.length + " JPEG bytes");
            assertEquals(3840, Picture.decode(jpeg).width());
            assertEquals(1, Picture.decode(jpeg).channels());
        }
    }

    @Test
    void subscriberLimitsBelowSixtyFourKiBAreRefused() throws Exception {
        try (InProcessCamstream camstream = InProcessCamstream.start(
                CamstreamServer.builder(new TestPatternSource(320, 240, 30)))) {
            CamstreamClient client = camstream.client;
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.newBuilder().setMaxMessageBytes(1000).build(), collector);
            Status status = collector.awaitEnd(WAIT);
            assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
            assertEquals("max_message_bytes must be at least 65536, got 1000", status.getDescription());
        }
    }
}
