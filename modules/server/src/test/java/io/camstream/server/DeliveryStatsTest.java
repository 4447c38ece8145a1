package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.capture.Supervision;
import io.camstream.client.Subscription;
import io.camstream.hub.Camera;
import io.camstream.hub.CameraStats;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.stub.BlockingClientCall;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The gRPC deliveries tell the hub what they sent, under their protocol, and the call observer hears how
 * every call ended: what metrics are made of, over the real services on the in-process transport.
 */
@Timeout(60)
class DeliveryStatsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A source that has delivered its last frame is not taken for hung (and replaced by NO SIGNAL) for a minute. */
    private static final Supervision PATIENT = new Supervision(Duration.ofSeconds(60), Duration.ofSeconds(20),
            Duration.ofMillis(500), Duration.ofSeconds(15), 2);

    private final Queue<String> calls = new ConcurrentLinkedQueue<>();
    private final AtomicLong encodesHeard = new AtomicLong();

    private InProcessCamstream start(int frames) throws Exception {
        return InProcessCamstream.start(CamstreamServer.builder(new FiniteSource(320, 240, 60, frames))
                .supervision(PATIENT)
                .callObserver((method, code) -> calls.add(method + " " + code))
                .encodeObserver((camera, encoder, options, nanos, bytes) -> encodesHeard.incrementAndGet()));
    }

    @Test
    void aSubscribeStreamRecordsEachFrameItSentUnderGrpcAndEndsCountedAsCancelled() throws Exception {
        try (InProcessCamstream camstream = start(20)) {
            Camera camera = camstream.server.hub().defaultCamera();
            FrameCollector collector = new FrameCollector();
            Subscription subscription = camstream.client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            collector.awaitSequence(20, WAIT);
            List<VideoFrame> frames = collector.frames();

            CameraStats.ProtocolStats grpc = await(() -> camera.stats().protocol("grpc"),
                    stats -> stats.framesSent() == frames.size());
            long bytes = frames.stream().mapToLong(VideoFrame::getSerializedSize).sum();
            long skipped = frames.stream().mapToLong(VideoFrame::getSkipped).sum();
            assertEquals(new CameraStats.ProtocolStats("grpc", 1, frames.size(), bytes, skipped, 0), grpc,
                    "the very messages the client got");
            assertEquals(20, camera.stats().framesCaptured());
            assertEquals(camera.encodeCount(), encodesHeard.get(), "the observer heard every encode");
            assertEquals(List.of("grpc"), camera.stats().viewersByProtocol().keySet().stream().toList());

            subscription.close();
            await(() -> camera.stats().protocol("grpc").viewers(), viewers -> viewers == 0);
            await(this::calls, heard -> heard.contains("camstream.v1.Camstream/Subscribe CANCELLED"));
            assertEquals(frames.size(), camera.stats().protocol("grpc").framesSent(), "nothing sent after the end");
        }
    }

    @Test
    void theOriginalSamplesCallsAreRecordedUnderLegacyAndEndOk() throws Exception {
        try (InProcessCamstream camstream = start(5)) {
            Camera camera = camstream.server.hub().defaultCamera();
            long bytes = 0;
            for (int i = 0; i < 3; i++) {
                // The blog's Client.py: a call, one request, one reply; read to the server's end (fetchLegacyJpeg
                // cancels after the reply instead, which ends the call OK or CANCELLED, whichever is first).
                BlockingClientCall<Request, Reply> call = MainServerGrpc.newBlockingV2Stub(camstream.client.channel())
                        .withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStream();
                call.write(Request.newBuilder().setMsg("give me the stream!!").build());
                call.halfClose();
                bytes += call.read().getSerializedSize();
                assertNull(call.read(), "one reply, then the end");
            }
            long expectedBytes = bytes;
            CameraStats.ProtocolStats legacy = await(() -> camera.stats().protocol("legacy"),
                    stats -> stats.framesSent() == 3 && stats.viewers() == 0);
            assertEquals(new CameraStats.ProtocolStats("legacy", 0, 3, expectedBytes, 0, 0), legacy);
            assertEquals(0, camera.stats().protocol("grpc").framesSent());
            await(this::calls, heard -> Collections.frequency(heard, "MainServer/getStream OK") == 3);
        }
    }

    @Test
    void refusedCallsAreHeardWithTheirCodeAndCountNoViewer() throws Exception {
        try (InProcessCamstream camstream = start(5)) {
            Camera camera = camstream.server.hub().defaultCamera();
            FrameCollector unknownCamera = new FrameCollector();
            camstream.client.subscribe(SubscribeRequest.newBuilder().setCamera("garage").build(), unknownCamera);
            assertEquals(Status.Code.NOT_FOUND, unknownCamera.awaitEnd(WAIT).getCode());
            FrameCollector unknownEncoder = new FrameCollector();
            camstream.client.subscribe(SubscribeRequest.newBuilder().setEncoder("nope").build(), unknownEncoder);
            assertEquals(Status.Code.INVALID_ARGUMENT, unknownEncoder.awaitEnd(WAIT).getCode());

            await(this::calls, heard -> heard.contains("camstream.v1.Camstream/Subscribe NOT_FOUND")
                    && heard.contains("camstream.v1.Camstream/Subscribe INVALID_ARGUMENT"));
            assertEquals(2, calls().size(), "once per call: " + calls());
            assertEquals(List.of(), camera.stats().protocols(), "a refused subscriber was never a viewer");
        }
    }

    @Test
    void aCallObserverThatFailsCostsNoCall() throws Exception {
        try (InProcessCamstream camstream = InProcessCamstream.start(CamstreamServer.builder(
                new FiniteSource(320, 240, 60, 5)).callObserver((method, code) -> {
                    throw new IllegalStateException("an observer that fails");
                }))) {
            for (int i = 0; i < 2; i++) {
                assertTrue(camstream.client.fetchLegacyJpeg(WAIT).length > 1000, "a JPEG all the same");
            }
        }
    }

    private List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** Polls until the value read passes, failing with the last one read after {@link #WAIT}. */
    private static <T> T await(Supplier<T> read, Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T value = read.get();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                fail("still " + value + " after " + WAIT);
            }
            Thread.sleep(10);
            value = read.get();
        }
        return value;
    }
}
