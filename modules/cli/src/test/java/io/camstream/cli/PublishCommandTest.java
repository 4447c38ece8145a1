package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.FrameListener;
import io.camstream.client.Publisher;
import io.camstream.client.Subscription;
import io.camstream.client.WireFrames;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.server.CamstreamServer;
import io.camstream.testkit.Picture;
import io.grpc.Status;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code publish} in this JVM against real hubs over 127.0.0.1: it pushes any source the server can open (here
 * another server's camera, through the pure-Java {@code grpc://} relay source), keeping --size meaning what it
 * means for the server, and each of the hub's refusals ends it with one line and an exit status of its own.
 */
@Timeout(120)
class PublishCommandTest {

    private CamstreamServer hub;
    private String hubTarget;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        hub = CamstreamServer.builder().publishedCamera("edge").camera("own", new TestPatternSource(160, 120, 5))
                .bind("127.0.0.1").port(0).start();
        hubTarget = "127.0.0.1:" + hub.port();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : closing) {
            resource.close();
        }
        hub.close();
    }

    private static SnapshotAndRecordTest.Result camstream(String... args) {
        return SnapshotAndRecordTest.camstream(args);
    }

    @Test
    void publishesAnotherServersCameraThroughTheRelaySourceAtItsOwnSize() throws Exception {
        CamstreamServer upstream = CamstreamServer.builder(new TestPatternSource(320, 240, 30)).bind("127.0.0.1")
                .port(0).start();
        closing.add(upstream);
        CompletableFuture<SnapshotAndRecordTest.Result> publish = CompletableFuture.supplyAsync(() -> camstream(
                "publish", "--to", hubTarget, "--camera", "edge", "--source", "grpc://127.0.0.1:" + upstream.port(),
                "--seconds", "4"));

        List<VideoFrame> frames = watch("edge", 20);

        for (VideoFrame frame : frames) {
            // Not --size's default 640x480: like the server, a stream keeps its own size unless --size is given.
            assertEquals(320, frame.getWidth(), frame.toString());
            assertEquals(240, frame.getHeight());
            // The pictures are the upstream camera's, each with its capture time, kept through relay and publish.
            Picture picture = Picture.decode(frame.getData().toByteArray());
            assertEquals(Math.floorDiv(WireFrames.epochMicros(frame.getCaptureTime()), 1000),
                    picture.stamp().orElseThrow().captureEpochMillis(), "capture time kept");
        }
        SnapshotAndRecordTest.Result result = publish.get(60, TimeUnit.SECONDS);
        assertEquals(0, result.exit(), result.toString());
        assertTrue(result.out().startsWith("camstream publish: relay of grpc://127.0.0.1:" + upstream.port()),
                result.out());
        assertTrue(result.out().contains("published "), result.out());
    }

    @Test
    void theSizeFlagSizesThePatternAsForTheServer() throws Exception {
        CompletableFuture<SnapshotAndRecordTest.Result> publish = CompletableFuture.supplyAsync(() -> camstream(
                "publish", "--to", hubTarget, "--camera", "edge", "--size", "160x120", "--seconds", "3"));
        List<VideoFrame> frames = watch("edge", 5);
        assertEquals(160, frames.get(frames.size() - 1).getWidth());
        assertEquals(0, publish.get(60, TimeUnit.SECONDS).exit());
    }

    @Test
    void aMissingCameraIsExitStatus3() {
        camstream("publish", "--to", hubTarget, "--camera", "nosuch", "--frames", "5").assertOneLineRefusal(
                PublishRefusal.NO_SUCH_CAMERA, "camstream publish: " + hubTarget + " has no camera 'nosuch' to "
                        + "publish to; declare it there with `camstream server --source nosuch=publish` (NOT_FOUND: "
                        + "no camera named 'nosuch'; this server has: edge, own)");
    }

    @Test
    void aCameraWithItsOwnSourceOrAnotherPublisherIsExitStatus5() throws Exception {
        camstream("publish", "--to", hubTarget, "--camera", "own", "--frames", "5").assertOneLineRefusal(
                PublishRefusal.CAMERA_TAKEN, "camstream publish: " + hubTarget + " refused camera 'own': camera "
                        + "'own' has its own source and cannot be published to");
        CamstreamClient client = CamstreamClient.connect(hubTarget);
        closing.add(client);
        Publisher holder = new Publisher(client, "edge", new ImageIoEncoderProvider(), EncoderOptions.defaults(),
                CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES);
        closing.add(0, holder);
        try (TestPatternSource pattern = new TestPatternSource(160, 120, 30)) {
            holder.send(pattern.grab());
            watch("edge", 1);
        }
        camstream("publish", "--to", hubTarget, "--camera", "edge", "--frames", "30").assertOneLineRefusal(
                PublishRefusal.CAMERA_TAKEN, "refused camera 'edge': camera 'edge' already has a publisher");
    }

    @Test
    void aClaimThatExpiresIsExitStatus6() {
        // One frame every 10 s: the hub's claim (5 s without a frame) expires before the second.
        camstream("publish", "--to", hubTarget, "--camera", "edge", "--fps", "0.1", "--seconds", "30")
                .assertOneLineRefusal(PublishRefusal.CLAIM_EXPIRED, "camstream publish: " + hubTarget + " ended the "
                        + "claim on camera 'edge': no frame within 5 s");
    }

    @Test
    void aFrameLargerThanTheHubsPixelBudgetIsExitStatus7() throws Exception {
        CamstreamServer small = CamstreamServer.builder().publishedCamera("edge").maxPixels(320 * 240)
                .bind("127.0.0.1").port(0).start();
        closing.add(small);
        camstream("publish", "--to", "127.0.0.1:" + small.port(), "--camera", "edge", "--size", "640x480",
                "--frames", "30").assertOneLineRefusal(PublishRefusal.FRAME_REFUSED, "refused a frame: a published "
                        + "frame of 640x480 exceeds the limit of 0.1 Mpx (see --max-pixels); try a smaller --size");
    }

    @Test
    void aHubThatIsNotThereIsExitStatus8AndAnUnknownSourceIs2() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        camstream("publish", "--to", "127.0.0.1:" + port, "--camera", "edge", "--frames", "5").assertOneLineRefusal(
                PublishRefusal.HUB_UNAVAILABLE, "camstream publish: cannot publish to 127.0.0.1:" + port
                        + ": UNAVAILABLE");
        camstream("publish", "--to", hubTarget, "--camera", "edge", "--source", "bogus:x").assertOneLineRefusal(2,
                "camstream publish: --source: unsupported source 'bogus:x'; supported: pattern");
    }

    @Test
    void everyRefusalHasItsOwnStatus() {
        CamstreamClient client = CamstreamClient.connect(hubTarget);
        closing.add(client);
        List<Integer> statuses = new ArrayList<>();
        for (Status status : List.of(Status.NOT_FOUND, Status.PERMISSION_DENIED, Status.FAILED_PRECONDITION,
                Status.DEADLINE_EXCEEDED, Status.INVALID_ARGUMENT.withDescription("a published frame of 9000x9000 "
                        + "exceeds the limit"), Status.UNAVAILABLE, Status.INTERNAL)) {
            PublishRefusal refusal = PublishRefusal.of(status, client, hubTarget, "edge");
            assertFalse(statuses.contains(refusal.exitStatus()), status + " shares its status: " + statuses);
            assertFalse(refusal.line().contains("\n"), refusal.line());
            statuses.add(refusal.exitStatus());
        }
        assertEquals(PublishRefusal.CAMERA_TAKEN,
                PublishRefusal.of(Status.ALREADY_EXISTS, client, hubTarget, "edge").exitStatus());
        assertEquals(PublishRefusal.NOT_ALLOWED,
                PublishRefusal.of(Status.UNAUTHENTICATED, client, hubTarget, "edge").exitStatus());
        assertTrue(PublishRefusal.of(Status.INVALID_ARGUMENT.withDescription("a published frame of 9000x9000 exceeds "
                + "the limit"), client, hubTarget, "edge").line().contains("9000x9000 exceeds the limit; try a "
                + "smaller --size"));
    }

    /** The first {@code count} real (not NO SIGNAL) frames of a hub camera. */
    private List<VideoFrame> watch(String camera, int count) throws Exception {
        List<VideoFrame> frames = new ArrayList<>();
        CountDownLatch enough = new CountDownLatch(1);
        CamstreamClient client = CamstreamClient.connect(hubTarget);
        closing.add(client);
        Subscription subscription = client.subscribe(SubscribeRequest.newBuilder().setCamera(camera).build(),
                new FrameListener() {
                    @Override
                    public void onFrame(VideoFrame frame) {
                        synchronized (frames) {
                            if (!frame.getNoSignal() && frames.size() < count) {
                                frames.add(frame);
                            }
                            if (frames.size() == count) {
                                enough.countDown();
                            }
                        }
                    }

                    @Override
                    public void onEnd(Status status) {
                        enough.countDown();
                    }
                });
        try {
            assertTrue(enough.await(60, TimeUnit.SECONDS), "no frames from " + camera);
        } finally {
            subscription.cancel();
        }
        synchronized (frames) {
            assertEquals(count, frames.size(), "the stream ended early");
            return new ArrayList<>(frames);
        }
    }
}
