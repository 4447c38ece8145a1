package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.Sources;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.Publisher;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.JpegBomb;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Publish calls end with the hub's reason in gRPC's words: a squatter's claim expires, a bomb is
 * refused, shutdown says so; and cameras whose publisher or upstream is gone show NO SIGNAL.
 */
@Timeout(60)
class PublishLimitsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int FOUR_MIB = 4 * 1024 * 1024;

    @Test
    void aSquattersClaimExpiresWithDeadlineExceededAndTheRealPublisherGetsIn() throws Exception {
        try (InProcessCamstream hub = InProcessCamstream.start(CamstreamServer.builder().publishedCamera("door"));
             TestPatternSource door = new TestPatternSource(320, 240, 30)) {
            FrameCollector viewer = new FrameCollector();
            hub.client.subscribe(SubscribeRequest.newBuilder().setCamera("door").build(), viewer);
            RawPublish squatter = new RawPublish(hub.client);
            squatter.requests.onNext(PublishRequest.newBuilder().setCamera("door").build());
            long start = System.nanoTime();
            awaitClaimed(hub, "door");
            try (Publisher early = new Publisher(hub.client, "door", new ImageIoEncoderProvider(),
                    EncoderOptions.defaults(), FOUR_MIB)) {
                early.send(door.grab());
                StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> early.finish(WAIT));
                assertEquals(Status.Code.FAILED_PRECONDITION, refused.getStatus().getCode(), "the squatter holds it");
            }

            Status expired = squatter.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(Status.Code.DEADLINE_EXCEEDED, expired.getCode(), expired.toString());
            assertTrue(expired.getDescription().startsWith("no frame within 5 s: the claim on camera 'door' expired"),
                    expired.getDescription());
            assertTrue(seconds >= 4.9 && seconds < 8, "expired after " + seconds + " s");

            try (Publisher real = new Publisher(hub.client, "door", new ImageIoEncoderProvider(),
                    EncoderOptions.defaults(), FOUR_MIB)) {
                long realBefore = realFrames(viewer);
                for (int i = 0; realFrames(viewer) < realBefore + 5; i++) {
                    assertTrue(i < 600, "the real publisher's frames did not come through");
                    real.send(door.grab());
                }
                PublishSummary summary = real.finish(WAIT);
                assertTrue(summary.getFramesReceived() >= 5, summary.toString());
            }
        }
    }

    @Test
    void aBombThroughPublishIsRefusedWithInvalidArgumentAndTheCameraShowsNoSignal() throws Exception {
        try (InProcessCamstream hub = InProcessCamstream.start(CamstreamServer.builder().publishedCamera("edge"))) {
            FrameCollector viewer = new FrameCollector();
            hub.client.subscribe(SubscribeRequest.newBuilder().setCamera("edge").build(), viewer);
            RawPublish bomber = new RawPublish(hub.client);
            bomber.requests.onNext(PublishRequest.newBuilder().setCamera("edge").setFrame(VideoFrame.newBuilder()
                    .setSequence(1).setData(ByteString.copyFrom(JpegBomb.claiming(20000, 20000)))).build());

            Status refused = bomber.end.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(Status.Code.INVALID_ARGUMENT, refused.getCode(), refused.toString());
            assertEquals("a published frame of 20000x20000 exceeds the limit of 67.1 Mpx (see --max-pixels)",
                    refused.getDescription());
            awaitNoSignal(viewer);
        }
    }

    @Test
    void atShutdownAPublisherHearsUnavailableLikeViewers() throws Exception {
        InProcessCamstream hub = InProcessCamstream.start(CamstreamServer.builder().publishedCamera("edge"));
        try (TestPatternSource edge = new TestPatternSource(320, 240, 30);
             Publisher publisher = new Publisher(hub.client, "edge", new ImageIoEncoderProvider(),
                     EncoderOptions.defaults(), FOUR_MIB)) {
            publisher.send(edge.grab());
            awaitClaimed(hub, "edge");
            hub.server.close();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> publisher.finish(WAIT));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
            assertEquals("camstream server is shutting down", e.getStatus().getDescription());
        } finally {
            hub.close();
        }
    }

    @Test
    void aPublisherLeavingAndARelayWithItsUpstreamDownShowNoSignal() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        FrameSource relay = Sources.discover().open("grpc://127.0.0.1:" + closedPort, SourceOptions.defaults());
        try (InProcessCamstream hub = InProcessCamstream.start(CamstreamServer.builder().publishedCamera("edge")
                .camera("relay", relay));
             TestPatternSource edge = new TestPatternSource(320, 240, 30)) {
            FrameCollector relayViewer = new FrameCollector();
            hub.client.subscribe(SubscribeRequest.newBuilder().setCamera("relay").build(), relayViewer);
            FrameCollector edgeViewer = new FrameCollector();
            hub.client.subscribe(SubscribeRequest.newBuilder().setCamera("edge").build(), edgeViewer);
            try (Publisher publisher = new Publisher(hub.client, "edge", new ImageIoEncoderProvider(),
                    EncoderOptions.defaults(), FOUR_MIB)) {
                for (int i = 0; realFrames(edgeViewer) < 3; i++) {
                    assertTrue(i < 600, "no published frame came through");
                    publisher.send(edge.grab());
                }
                publisher.finish(WAIT);
            }
            awaitNoSignal(edgeViewer);

            List<VideoFrame> relayed = relayViewer.await(3, WAIT);
            assertTrue(relayed.stream().allMatch(VideoFrame::getNoSignal), "a relay with no upstream shows NO SIGNAL");
            assertEquals(640, relayed.get(0).getWidth(), "at the usual size while the upstream never said its own");
            assertFalse(records.stream().anyMatch(r -> String.valueOf(r.getMessage()).contains("must be positive")
                            || r.getThrown() != null && String.valueOf(r.getThrown()).contains("must be positive")),
                    "no log of a 0x0 frame");
        } finally {
            root.removeHandler(handler);
        }
    }

    /** Waits for a NO SIGNAL frame among the next few: frames already on their way may come first. */
    private static void awaitNoSignal(FrameCollector viewer) throws InterruptedException {
        int next = viewer.frames().size() + 1;
        int last = next + 60;
        while (!viewer.await(next, WAIT).get(next - 1).getNoSignal()) {
            assertTrue(next++ < last, "no NO SIGNAL frame came");
        }
    }

    /** Waits until someone holds the camera's publish claim. */
    private static void awaitClaimed(InProcessCamstream hub, String camera) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (hub.server.hub().camera(camera).awaitsPublisher()) {
            assertTrue(System.nanoTime() < deadline, "nobody claimed " + camera);
            Thread.sleep(10);
        }
    }

    private static long realFrames(FrameCollector collector) {
        return collector.frames().stream().filter(frame -> !frame.getNoSignal()).count();
    }

    /** A Publish call driven message by message, as a hostile client would. */
    private static final class RawPublish implements StreamObserver<PublishSummary> {
        final CompletableFuture<Status> end = new CompletableFuture<>();
        final StreamObserver<PublishRequest> requests;

        RawPublish(CamstreamClient client) {
            requests = CamstreamGrpc.newStub(client.channel()).publish(this);
        }

        @Override
        public void onNext(PublishSummary summary) {
        }

        @Override
        public void onError(Throwable t) {
            end.complete(Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            end.complete(Status.OK);
        }
    }
}
