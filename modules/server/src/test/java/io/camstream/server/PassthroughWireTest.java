package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.MessageLimits;
import io.camstream.client.WireFrames;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.hub.Camera;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MJPEG passthrough over real gRPC on 127.0.0.1: JPEGs pushed through {@code Publish} reach a colour
 * subscriber byte for byte, with no decode on the hub, while gray, smaller, size-limited and
 * quality-naming subscribers of the same camera get correct decoded and re-encoded pictures.
 */
@Timeout(120)
class PassthroughWireTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long FIRST = 1_000_000; // past the camera's NO SIGNAL numbers, so the publisher's are kept

    @Test
    void publishedJpegsReachColourViewersUnchangedAndTheOthersDecodedOnlyForThem() throws Exception {
        try (CamstreamServer server = CamstreamServer.builder().publishedCamera("edge").encoder("imageio")
                .bind("127.0.0.1").port(0).start();
             CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + server.port());
             Publishing publisher = new Publishing(client, 640, 480)) {
            Camera camera = server.hub().camera("edge");
            FrameCollector colour = subscribe(client, SubscribeRequest.newBuilder().setColor(colour()));

            publisher.sendUntil(() -> real(colour.frames()).size() >= 5);
            // (Encodes there were: of the NO SIGNAL pictures before the publisher's first frame.)
            assertEquals(0, camera.decodeCount(), "a colour viewer alone costs no decode");

            FrameCollector gray = subscribe(client, SubscribeRequest.newBuilder()
                    .setColor(io.camstream.protocol.v1.ColorMode.COLOR_MODE_GRAY));
            FrameCollector small = subscribe(client, SubscribeRequest.newBuilder().setColor(colour()).setMaxWidth(320));
            FrameCollector tight = subscribe(client, SubscribeRequest.newBuilder().setColor(colour())
                    .setMaxMessageBytes(MessageLimits.MIN_BYTES));
            FrameCollector named = subscribe(client, SubscribeRequest.newBuilder().setColor(colour()).setQuality(95));
            List<FrameCollector> decoding = List.of(gray, small, tight, named);
            publisher.sendUntil(() -> decoding.stream().allMatch(c -> real(c.frames()).size() >= 5));
            PublishSummary summary = publisher.finish();

            List<VideoFrame> passed = real(colour.frames());
            for (VideoFrame frame : passed) {
                byte[] sent = publisher.sent.get(frame.getSequence());
                assertNotNull(sent, "frame " + frame.getSequence() + " is one the publisher sent");
                assertArrayEquals(sent, frame.getData().toByteArray(), "byte for byte, frame " + frame.getSequence());
                assertEquals("passthrough", frame.getEncoder());
                assertEquals(0, frame.getQuality());
                assertEquals(640, frame.getWidth());
                assertEquals(io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR, frame.getColor());
                assertTrue(frame.getStamped() && !frame.getAdapted());
                assertFalse(frame.hasEncodeStartTime() || frame.hasEncodeEndTime(), "nothing was encoded");
                assertTrue(frame.hasSendTime());
            }
            for (VideoFrame frame : real(gray.frames())) {
                Picture picture = checkStamp(frame, 640, 480);
                assertEquals(PixelFormat.GRAY8, picture.format());
                assertEquals("imageio", frame.getEncoder());
                assertTrue(frame.hasEncodeStartTime() && frame.hasEncodeEndTime(), "decoded and encoded");
            }
            real(small.frames()).forEach(frame -> checkStamp(frame, 320, 240));
            for (VideoFrame frame : real(tight.frames())) {
                assertTrue(frame.getAdapted(), "too large as it is: encoded smaller, and says so");
                assertEquals("imageio", frame.getEncoder());
                assertTrue(frame.getData().size() <= MessageLimits.videoFrameData(MessageLimits.MIN_BYTES, "edge"));
            }
            for (VideoFrame frame : real(named.frames())) {
                assertEquals("imageio", frame.getEncoder());
                assertEquals(95, frame.getQuality());
                checkStamp(frame, 640, 480);
            }
            long decoded = camera.decodeCount();
            assertTrue(decoded >= 5 && decoded <= summary.getFramesReceived(),
                    decoded + " decodes: at most one per frame, shared by four viewers; "
                            + summary.getFramesReceived() + " received");
            // The sample's protocol always gets gray: decoded too.
            byte[] legacy = client.fetchLegacyJpeg(WAIT);
            assertEquals(PixelFormat.GRAY8, Picture.decode(legacy).format());
        }
    }

    private static io.camstream.protocol.v1.ColorMode colour() {
        return io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR;
    }

    private static FrameCollector subscribe(CamstreamClient client, SubscribeRequest.Builder request) {
        FrameCollector collector = new FrameCollector();
        client.subscribe(request.setCamera("edge").build(), collector);
        return collector;
    }

    private static List<VideoFrame> real(List<VideoFrame> frames) {
        return frames.stream().filter(frame -> !frame.getNoSignal()).toList();
    }

    /** Decodes the picture and checks its size and that its stamp is the frame's own number and time. */
    private static Picture checkStamp(VideoFrame frame, int width, int height) {
        Picture picture = Picture.decode(frame.getData().toByteArray());
        assertEquals(width, picture.width());
        assertEquals(height, picture.height());
        assertTrue(frame.getStamped());
        assertTrue(picture.stamp().orElseThrow().matches(frame.getSequence(),
                WireFrames.epochMicros(frame.getCaptureTime())), "the stamp of frame " + frame.getSequence());
        return picture;
    }

    /** A raw {@code Publish} call sending test-pattern JPEGs, remembering each one's bytes by its number. */
    private static final class Publishing implements StreamObserver<PublishSummary>, AutoCloseable {
        final Map<Long, byte[]> sent = new ConcurrentHashMap<>();
        private final java.util.concurrent.CompletableFuture<PublishSummary> done =
                new java.util.concurrent.CompletableFuture<>();
        private final StreamObserver<PublishRequest> requests;
        private final TestPatternSource pattern;
        private final FrameEncoder encoder;
        private long sequence = FIRST;

        Publishing(CamstreamClient client, int width, int height) {
            pattern = new TestPatternSource(width, height, 30);
            // Quality 100: larger than the tight viewer's 64 KiB, so it must be adapted.
            encoder = new ImageIoEncoderProvider().create(new EncoderOptions(100, ColorMode.COLOR));
            requests = CamstreamGrpc.newStub(client.channel()).publish(this);
            requests.onNext(PublishRequest.newBuilder().setCamera("edge").build());
        }

        /** Sends a frame about every 33 ms until {@code enough}, failing after a bounded number. */
        void sendUntil(java.util.function.BooleanSupplier enough) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!enough.getAsBoolean()) {
                assertTrue(System.nanoTime() < deadline, "not enough frames within " + WAIT);
                Frame frame = pattern.grab();
                long number = sequence++;
                // Stamped again with the number it is sent under, past the camera's own, so that it is kept.
                byte[] pixels = frame.pixels().clone();
                FrameStamp.draw(pixels, frame.width(), frame.height(), frame.format(), number,
                        frame.captureEpochMicros());
                Frame numbered = new Frame(number, frame.captureEpochMicros(), frame.width(), frame.height(),
                        frame.format(), pixels, false, true);
                byte[] jpeg = encoder.encode(numbered).data();
                assertTrue(jpeg.length > MessageLimits.MIN_BYTES, jpeg.length + " bytes");
                sent.put(number, jpeg);
                requests.onNext(PublishRequest.newBuilder().setFrame(VideoFrame.newBuilder()
                        .setSequence(number).setCaptureTime(WireFrames.timestamp(numbered.captureEpochMicros()))
                        .setContentType("image/jpeg").setStamped(true).setData(ByteString.copyFrom(jpeg))).build());
                Thread.sleep(33);
            }
        }

        PublishSummary finish() throws Exception {
            requests.onCompleted();
            return done.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        }

        @Override
        public void onNext(PublishSummary summary) {
            done.complete(summary);
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public void onCompleted() {
        }

        @Override
        public void close() {
            encoder.close();
            pattern.close();
        }
    }
}
