package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.Subscription;
import io.camstream.client.WireFrames;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.grpc.Status;
import io.grpc.stub.BlockingClientCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Both services end to end over gRPC's in-process transport: real encoders, real decoding. */
@Timeout(60)
class InProcessServicesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private InProcessCamstream camstream;
    private CamstreamServer server;
    private CamstreamClient client;

    @BeforeEach
    void start() throws Exception {
        camstream = InProcessCamstream.start(CamstreamServer.builder(new TestPatternSource(640, 480, 60)));
        server = camstream.server;
        client = camstream.client;
    }

    @AfterEach
    void stop() {
        camstream.close();
    }

    @Test
    @SuppressWarnings("try") // the subscription only has to stay open for the block
    void subscribeStreamsNewerFramesWithCompleteMetadata() throws Exception {
        FrameCollector collector = new FrameCollector();
        try (Subscription ignored = client.subscribe(SubscribeRequest.getDefaultInstance(), collector)) {
            List<VideoFrame> frames = collector.await(10, WAIT);

            FrameCollector.assertIncreasing(frames);
            for (VideoFrame frame : frames) {
                assertEquals("imageio", frame.getEncoder());
                assertEquals("image/jpeg", frame.getContentType());
                assertEquals(95, frame.getQuality());
                assertTrue(frame.getStamped(), "test-pattern frames carry their own stamp");
                assertEquals(ColorMode.COLOR_MODE_GRAY, frame.getColor());
                assertTrue(frame.getEncodeTime().getNanos() > 0 || frame.getEncodeTime().getSeconds() > 0);
                Picture picture = Picture.decode(frame.getData().toByteArray());
                assertEquals(frame.getWidth(), picture.width());
                assertEquals(frame.getHeight(), picture.height());
                assertEquals(PixelFormat.GRAY8, picture.format());
                assertTrue(picture.stamp().orElseThrow().matches(frame.getSequence(), captureMicros(frame)));
            }
        }
    }

    @Test
    @SuppressWarnings("try") // the subscription only has to stay open for the block
    void aSubscriberMayAskForColourAndQuality() throws Exception {
        FrameCollector collector = new FrameCollector();
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .setEncoder("imageio").setQuality(60).setColor(ColorMode.COLOR_MODE_COLOR).build();
        try (Subscription ignored = client.subscribe(request, collector)) {
            VideoFrame frame = collector.await(1, WAIT).get(0);

            assertEquals(60, frame.getQuality());
            assertEquals(ColorMode.COLOR_MODE_COLOR, frame.getColor());
            assertEquals(PixelFormat.BGR24, Picture.decode(frame.getData().toByteArray()).format());
        }
    }

    @Test
    void anUnknownEncoderIsRefusedWithTheKnownOnes() throws Exception {
        FrameCollector collector = new FrameCollector();
        client.subscribe(SubscribeRequest.newBuilder().setEncoder("nope").build(), collector);

        Status status = collector.awaitEnd(WAIT);
        assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
        assertEquals("unknown encoder 'nope'; available encoders: imageio", status.getDescription());
    }

    @Test
    void anUnknownCameraIsNotFound() throws Exception {
        FrameCollector collector = new FrameCollector();
        client.subscribe(SubscribeRequest.newBuilder().setCamera("garage").build(), collector);

        Status status = collector.awaitEnd(WAIT);
        assertEquals(Status.Code.NOT_FOUND, status.getCode());
        assertTrue(status.getDescription().contains("no camera named 'garage'"), status.getDescription());
    }

    @Test
    void legacyClientGetsOneBase64GrayJpegPerCall() throws Exception {
        // Exactly what the original Client.py does, three times: new call, one request, one reply.
        for (int i = 0; i < 3; i++) {
            Picture picture = Picture.decode(client.fetchLegacyJpeg(WAIT));
            assertEquals(640, picture.width());
            assertEquals(480, picture.height());
            assertEquals(PixelFormat.GRAY8, picture.format());
            assertTrue(picture.stamp().isPresent(), "the reply is a stamped test-pattern frame");
        }
    }

    @Test
    void aLongLivedLegacyStreamAnswersEveryRequestWithANewerFrame() throws Exception {
        BlockingClientCall<Request, Reply> call = MainServerGrpc.newBlockingV2Stub(client.channel())
                .withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStream();
        List<Long> sequences = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            call.write(Request.newBuilder().setMsg("give me the stream!!").build());
            Reply reply = call.read();
            Picture picture = Picture.decode(Base64.getDecoder().decode(reply.getDatas().toByteArray()));
            sequences.add(picture.stamp().orElseThrow().sequenceLow32());
        }
        call.halfClose();

        assertEquals(null, call.read(), "the server completes the call after the client half-closes");
        assertEquals(50, sequences.size());
        for (int i = 1; i < sequences.size(); i++) {
            assertTrue(sequences.get(i) > sequences.get(i - 1), "replies " + sequences);
        }
    }

    @Test
    void eachFrameIsEncodedOncePerVariantWhateverTheNumberOfSubscribers() throws Exception {
        List<FrameCollector> collectors = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            FrameCollector collector = new FrameCollector();
            collectors.add(collector);
            subscriptions.add(client.subscribe(SubscribeRequest.getDefaultInstance(), collector));
        }
        for (FrameCollector collector : collectors) {
            collector.await(20, WAIT);
        }
        subscriptions.forEach(Subscription::cancel);
        long encodes = server.hub().defaultCamera().encodeCount();

        TreeSet<Long> distinct = new TreeSet<>();
        long delivered = 0;
        for (FrameCollector collector : collectors) {
            for (VideoFrame frame : collector.frames()) {
                distinct.add(frame.getSequence());
                delivered++;
            }
        }
        // Every distinct frame delivered was encoded once; at most one encode per subscriber may
        // still have been in flight when the streams were cancelled.
        assertTrue(encodes >= distinct.size(), encodes + " encodes for " + distinct.size() + " frames");
        assertTrue(encodes <= distinct.size() + collectors.size(),
                encodes + " encodes for " + distinct.size() + " distinct frames (" + delivered + " deliveries)");
    }

    @Test
    @SuppressWarnings("try") // the subscriptions only have to stay open for the block
    void aStalledSubscriberSkipsAheadWithoutSlowingTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        FrameCollector stalled = new FrameCollector() {
            @Override
            public void onFrame(VideoFrame frame) {
                super.onFrame(frame);
                try {
                    release.await(); // a client that stops reading after its first frame
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        FrameCollector healthy = new FrameCollector();
        try (Subscription a = client.subscribe(SubscribeRequest.getDefaultInstance(), stalled);
             Subscription b = client.subscribe(SubscribeRequest.getDefaultInstance(), healthy)) {
            stalled.await(1, WAIT);
            int before = healthy.frames().size();
            healthy.await(before + 30, WAIT);
            release.countDown();
            List<VideoFrame> resumed = stalled.await(3, WAIT);

            assertTrue(resumed.stream().skip(1).anyMatch(f -> f.getSkipped() > 0),
                    "the stalled subscriber resumes at a newer frame and is told how many it missed");
            FrameCollector.assertIncreasing(resumed);
        }
    }

    @Test
    void closingTheServerEndsStreamsAsUnavailable() throws Exception {
        FrameCollector collector = new FrameCollector();
        client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
        collector.await(1, WAIT);

        server.close();

        Status status = collector.awaitEnd(WAIT);
        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertEquals("camstream server is shutting down", status.getDescription());
    }

    static long captureMicros(VideoFrame frame) {
        return WireFrames.epochMicros(frame.getCaptureTime());
    }
}
