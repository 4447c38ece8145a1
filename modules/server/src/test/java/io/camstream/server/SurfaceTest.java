package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.Supervision;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.Publisher;
import io.camstream.client.RelaySource;
import io.camstream.client.Subscription;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Snapshot, Describe, Publish, relays, health, reflection and the subscriber cap. */
@Timeout(90)
class SurfaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void snapshotGivesTheNewestFrameInTheAskedVariant() throws Exception {
        try (InProcessCamstream server = InProcessCamstream.start(
                CamstreamServer.builder(new TestPatternSource(640, 480, 30)))) {
            VideoFrame frame = server.client.snapshot(SnapshotRequest.newBuilder()
                    .setMaxWidth(320).setColor(io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR).build(), WAIT);

            assertEquals(320, frame.getWidth());
            assertEquals(240, frame.getHeight());
            Picture picture = Picture.decode(frame.getData().toByteArray());
            assertEquals(3, picture.channels());
            assertTrue(picture.stamp().orElseThrow().matches(frame.getSequence(),
                    InProcessServicesTest.captureMicros(frame)));
            assertTrue(frame.getSequence() >= server.server.hub().defaultCamera().latest().sequence() - 2,
                    "a current frame");
            assertFalse(frame.getAdapted());

            StatusRuntimeException unknown = assertThrows(StatusRuntimeException.class,
                    () -> server.client.snapshot(SnapshotRequest.newBuilder().setCamera("attic").build(), WAIT));
            assertEquals(Status.Code.NOT_FOUND, unknown.getStatus().getCode());
        }
    }

    @Test
    void describeTellsCamerasEncodersDefaultsAndLimits() throws Exception {
        try (InProcessCamstream server = InProcessCamstream.start(CamstreamServer.builder()
                .camera("front", new TestPatternSource(640, 480, 25))
                .publishedCamera("edge")
                .maxSubscribers(7)
                .options(new EncoderOptions(80, ColorMode.GRAY)))) {
            server.server.hub().camera("front").awaitFirstFrame(Duration.ofSeconds(10));
            DescribeResponse description = server.client.describe(WAIT);

            assertEquals(List.of("front", "edge"),
                    description.getCamerasList().stream().map(CameraInfo::getName).toList());
            CameraInfo front = description.getCameras(0);
            assertEquals("test pattern", front.getSource());
            assertEquals(640, front.getWidth());
            assertEquals(25.0, front.getFps());
            assertFalse(front.getPublished());
            assertTrue(description.getCameras(1).getPublished());
            assertFalse(description.getCameras(1).getLive(), "nobody publishes to 'edge' yet");
            assertEquals("imageio", description.getDefaultEncoder());
            assertEquals(80, description.getDefaultQuality());
            assertTrue(description.getEncodersList().stream()
                    .anyMatch(e -> e.getName().equals("imageio") && e.getAvailable()));
            assertEquals(7, description.getLimits().getMaxSubscribers());
            assertEquals(4 * 1024 * 1024, description.getLimits().getMaxInboundMessageBytes());
            assertFalse(description.getVersion().isEmpty());
        }
    }

    @Test
    void healthFollowsTheCamera() throws Exception {
        FiniteSource source = new FiniteSource(320, 240, 30, Integer.MAX_VALUE);
        try (InProcessCamstream server = InProcessCamstream.start(CamstreamServer.builder(source))) {
            var health = HealthGrpc.newBlockingStub(server.client.channel());
            awaitHealth(health, "camstream.v1.Camstream/default", ServingStatus.SERVING);
            awaitHealth(health, "", ServingStatus.SERVING);

            source.sendPlaceholders(true); // the camera is down: NO SIGNAL pictures
            awaitHealth(health, "camstream.v1.Camstream/default", ServingStatus.NOT_SERVING);
            awaitHealth(health, "MainServer", ServingStatus.NOT_SERVING);

            source.sendPlaceholders(false);
            awaitHealth(health, "camstream.v1.Camstream/default", ServingStatus.SERVING);
        }
    }

    @Test
    void anIdlePublishedCameraLeavesTheServerServing() throws Exception {
        FiniteSource front = new FiniteSource(320, 240, 30, Integer.MAX_VALUE);
        try (InProcessCamstream server = InProcessCamstream.start(CamstreamServer.builder()
                .camera("front", front).publishedCamera("edge"))) {
            var health = HealthGrpc.newBlockingStub(server.client.channel());
            awaitHealth(health, "camstream.v1.Camstream/front", ServingStatus.SERVING);
            awaitHealth(health, "camstream.v1.Camstream", ServingStatus.SERVING);
            awaitHealth(health, "", ServingStatus.SERVING);
            assertEquals(ServingStatus.NOT_SERVING, health.check(HealthCheckRequest.newBuilder()
                    .setService("camstream.v1.Camstream/edge").build()).getStatus(), "nobody publishes to 'edge'");

            front.sendPlaceholders(true); // a camera of its own that fails still counts
            awaitHealth(health, "camstream.v1.Camstream", ServingStatus.NOT_SERVING);
        }
    }

    @Test
    void reflectionListsTheServices() throws Exception {
        try (InProcessCamstream server = InProcessCamstream.start(
                CamstreamServer.builder(new TestPatternSource(320, 240, 30)))) {
            CompletableFuture<ServerReflectionResponse> response = new CompletableFuture<>();
            StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(server.client.channel())
                    .serverReflectionInfo(new StreamObserver<>() {
                        @Override
                        public void onNext(ServerReflectionResponse value) {
                            response.complete(value);
                        }

                        @Override
                        public void onError(Throwable t) {
                            response.completeExceptionally(t);
                        }

                        @Override
                        public void onCompleted() {
                        }
                    });
            requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
            List<String> services = response.get(20, TimeUnit.SECONDS).getListServicesResponse().getServiceList()
                    .stream().map(s -> s.getName()).toList();
            requests.onCompleted();

            assertTrue(services.containsAll(List.of("camstream.v1.Camstream", "MainServer", "grpc.health.v1.Health",
                    "grpc.reflection.v1.ServerReflection")), services.toString());
        }
    }

    @Test
    void framesPublishedIntoAHubReachItsSubscribers() throws Exception {
        try (InProcessCamstream hub = InProcessCamstream.start(CamstreamServer.builder().publishedCamera("edge"));
             TestPatternSource edgeCamera = new TestPatternSource(320, 240, 30)) {
            FrameCollector viewer = new FrameCollector();
            hub.client.subscribe(SubscribeRequest.newBuilder().setCamera("edge").build(), viewer);
            List<Frame> published = new ArrayList<>();
            try (Publisher publisher = new Publisher(hub.client, "edge", new ImageIoEncoderProvider(),
                    new EncoderOptions(90, ColorMode.COLOR), 4 * 1024 * 1024)) {
                while (realFrames(viewer).size() < 10) {
                    Frame frame = edgeCamera.grab();
                    if (publisher.send(frame)) {
                        published.add(frame);
                    }
                    assertTrue(published.size() < 300, "the viewer got only " + viewer.frames().size() + " frames");
                }
                PublishSummary summary = publisher.finish(WAIT);
                assertEquals(publisher.sent(), summary.getFramesReceived());
            }
            // Before the publisher came, the camera showed NO SIGNAL frames, so it may have renumbered the
            // publisher's frames to keep its own numbers increasing; capture times always travel unchanged.
            List<Long> publishedTimes = published.stream().map(Frame::captureEpochMicros).toList();
            for (VideoFrame frame : realFrames(viewer)) {
                long micros = InProcessServicesTest.captureMicros(frame);
                assertTrue(publishedTimes.contains(micros), "frame " + frame.getSequence() + " keeps its capture time");
                assertEquals("edge", frame.getCamera());
                FrameStamp.Reading stamp = Picture.decode(frame.getData().toByteArray()).stamp().orElseThrow();
                assertEquals(micros / 1000, stamp.captureEpochMillis(), "the picture is the published frame");
                assertEquals(frame.getStamped(), stamp.matches(frame.getSequence(), micros),
                        "a frame claims its stamp exactly when its number is the publisher's");
            }
            FrameCollector.assertIncreasing(viewer.frames());
        }
    }

    @Test
    void publishingToACameraWithItsOwnSourceIsRefused() throws Exception {
        try (InProcessCamstream hub = InProcessCamstream.start(
                     CamstreamServer.builder(new TestPatternSource(320, 240, 30)));
             Publisher publisher = new Publisher(hub.client, "default", new ImageIoEncoderProvider(),
                     EncoderOptions.defaults(), 4 * 1024 * 1024);
             TestPatternSource camera = new TestPatternSource(320, 240, 100)) {
            publisher.send(camera.grab());
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> publisher.finish(WAIT));
            assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
            assertTrue(e.getStatus().getDescription().contains("--source default=publish"),
                    e.getStatus().getDescription());
        }
    }

    @Test
    void aRelayChainOfThreeServersKeepsTheOriginalSequenceNumbers() throws Exception {
        List<CamstreamServer> servers = new ArrayList<>();
        try {
            servers.add(CamstreamServer.builder(new TestPatternSource(320, 240, 30)).bind("127.0.0.1").port(0).start());
            for (int hop = 1; hop < 3; hop++) {
                URI upstream = URI.create("grpc://127.0.0.1:" + servers.get(hop - 1).port());
                servers.add(CamstreamServer.builder(new RelaySource(upstream)).bind("127.0.0.1").port(0).start());
            }
            try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + servers.get(2).port())) {
                FrameCollector collector = new FrameCollector();
                client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
                List<VideoFrame> frames = collector.await(15, WAIT);

                FrameCollector.assertIncreasing(frames);
                long originNewest = servers.get(0).hub().defaultCamera().latest().sequence();
                for (VideoFrame frame : frames) {
                    // The stamp was drawn by the first server; metadata that survived two relays must agree with it.
                    Picture picture = Picture.decode(frame.getData().toByteArray());
                    assertTrue(picture.stamp().orElseThrow()
                            .matches(frame.getSequence(), InProcessServicesTest.captureMicros(frame)),
                            "frame " + frame.getSequence() + " lost its original number or time");
                    assertTrue(frame.getSequence() <= originNewest);
                }
            }
        } finally {
            for (int i = servers.size() - 1; i >= 0; i--) {
                servers.get(i).close();
            }
        }
    }

    @Test
    void aRelayWhoseUpstreamRestartsIsReopenedByTheCamerasSupervisor() throws Exception {
        Supervision quick = new Supervision(Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(100),
                Duration.ofMillis(200), 10);
        CamstreamServer origin = CamstreamServer.builder(new TestPatternSource(320, 240, 30))
                .bind("127.0.0.1").port(0).start();
        int port = origin.port();
        CamstreamServer restarted = null;
        try (CamstreamServer relay = CamstreamServer.builder(new RelaySource(URI.create("grpc://127.0.0.1:" + port)))
                .supervision(quick).bind("127.0.0.1").port(0).start();
             CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + relay.port())) {
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            collector.await(5, WAIT);

            origin.close();
            awaitFrame(collector, VideoFrame::getNoSignal);
            restarted = CamstreamServer.builder(new TestPatternSource(320, 240, 30))
                    .bind("127.0.0.1").port(port).start();
            VideoFrame back = awaitFrame(collector, frame -> !frame.getNoSignal());
            FrameCollector.assertIncreasing(collector.frames());
            assertFalse(collector.end.isDone(), "the relay's subscriber kept its stream throughout");
            // The new origin counts from 1 again: the relay keeps its numbers only once they pass its own,
            // and until then renumbers the frames, which then no longer claim the origin's stamp.
            FrameStamp.Reading stamp = Picture.decode(back.getData().toByteArray()).stamp().orElseThrow();
            long micros = InProcessServicesTest.captureMicros(back);
            assertEquals(back.getStamped(), stamp.matches(back.getSequence(), micros),
                    "frame " + back.getSequence() + " claims its stamp exactly when its number is the origin's");
        } finally {
            origin.close();
            if (restarted != null) {
                restarted.close();
            }
        }
    }

    private static List<VideoFrame> realFrames(FrameCollector collector) {
        return collector.frames().stream().filter(frame -> !frame.getNoSignal()).toList();
    }

    private static VideoFrame awaitFrame(FrameCollector collector, java.util.function.Predicate<VideoFrame> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = collector.frames().size();
        while (System.nanoTime() < deadline) {
            List<VideoFrame> frames = collector.frames();
            for (int i = seen; i < frames.size(); i++) {
                if (wanted.test(frames.get(i))) {
                    return frames.get(i);
                }
            }
            seen = frames.size();
            Thread.sleep(20);
        }
        throw new AssertionError("no such frame within " + WAIT + "; got " + collector.frames().size() + " frames");
    }

    @Test
    void subscribersBeyondTheLimitAreTurnedAwayWithAReason() throws Exception {
        try (InProcessCamstream server = InProcessCamstream.start(
                CamstreamServer.builder(new TestPatternSource(320, 240, 30)).maxSubscribers(2))) {
            FrameCollector first = new FrameCollector();
            FrameCollector second = new FrameCollector();
            FrameCollector third = new FrameCollector();
            Subscription a = server.client.subscribe(SubscribeRequest.getDefaultInstance(), first);
            server.client.subscribe(SubscribeRequest.getDefaultInstance(), second);
            first.await(1, WAIT);
            second.await(1, WAIT);
            server.client.subscribe(SubscribeRequest.getDefaultInstance(), third);

            Status refused = third.awaitEnd(WAIT);
            assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getCode());
            assertTrue(refused.getDescription().contains("maximum of 2 subscribers"), refused.getDescription());

            a.cancel(); // a slot frees up when a subscriber leaves
            first.awaitEnd(WAIT);
            FrameCollector fourth = new FrameCollector();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                server.client.subscribe(SubscribeRequest.getDefaultInstance(), fourth);
                try {
                    fourth.await(1, Duration.ofSeconds(2));
                    break;
                } catch (AssertionError stillFull) {
                    assertTrue(System.nanoTime() < deadline, "the freed slot was never reused");
                    fourth = new FrameCollector();
                }
            }
        }
    }

    private static void awaitHealth(HealthGrpc.HealthBlockingStub health, String service, ServingStatus expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        ServingStatus status = null;
        while (System.nanoTime() < deadline) {
            status = health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
            if (status == expected) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health of '" + service + "' stayed " + status + ", expected " + expected);
    }
}
