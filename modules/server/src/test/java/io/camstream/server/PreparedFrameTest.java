package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.client.WireFrames;
import io.camstream.encode.ColorMode;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.EncodedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.Hub;
import io.camstream.hub.Mailbox;
import io.camstream.hub.Variant;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A frame serialized once for all its subscribers ({@link PreparedFrame}) gives each of them the very bytes a
 * fresh serialization of its whole message gives, whichever way gRPC reads them.
 */
@Timeout(60)
class PreparedFrameTest {

    private static final int FOUR_MIB = 4 * 1024 * 1024;
    private static final long[] SKIPPED = {0, 1, 127, 128, 1L << 40};
    private static final long[] SEND_TIMES = {1_700_000_000_000_000L, 1_700_000_000_123_456L, 0, 999};

    @Test
    void everySubscribersBytesAreThoseOfAFreshSerialization() throws Exception {
        for (EncodedFrame encoded : encodedFrames()) {
            PreparedFrame prepared = PreparedFrame.of(encoded);
            for (long skipped : SKIPPED) {
                for (boolean adapted : new boolean[] {false, true}) {
                    for (long send : SEND_TIMES) {
                        VideoFrame fresh = SubscribeDelivery.videoFrame(new FittedFrame(encoded, adapted), skipped)
                                .setSendTime(WireFrames.timestamp(send)).build();
                        FrameMessage message = prepared.forSubscriber(skipped, adapted, send);
                        String what = encoded.frame() + " skipped " + skipped + " adapted " + adapted + " sent " + send;
                        assertArrayEquals(fresh.toByteArray(), drained(message), what);
                        assertArrayEquals(fresh.toByteArray(), readByteByByte(message), what);
                        assertEquals(fresh.getSerializedSize(), message.size(), what);
                    }
                }
            }
        }
    }

    @Test
    void aFrameIsPreparedOnceHoweverManySubscribersAsk() throws Exception {
        EncodedFrame encoded = encodedFrames().get(0);
        PreparedFrame first = PreparedFrame.of(encoded);
        assertSame(first, PreparedFrame.of(encoded), "the second subscriber gets the first one's preparation");
    }

    @Test
    void parsingKeepsTheBytesWhole() throws Exception {
        FrameMessage message = PreparedFrame.of(encodedFrames().get(0)).forSubscriber(3, false, 42);
        byte[] bytes = message.toByteArray();
        FrameMessage parsed = FrameMessage.MARSHALLER.parse(FrameMessage.MARSHALLER.stream(message));
        assertArrayEquals(bytes, parsed.toByteArray());
        VideoFrame frame = VideoFrame.parseFrom(bytes);
        assertEquals(3, frame.getSkipped());
        assertEquals(42, WireFrames.epochMicros(frame.getSendTime()));
        assertTrue(frame.getData().size() > 100, "the picture is in the message");
    }

    /** What gRPC's framer takes from a message it can drain, and the length it is told beforehand. */
    private static byte[] drained(FrameMessage message) throws Exception {
        InputStream stream = FrameMessage.MARSHALLER.stream(message);
        assertEquals(message.size(), ((KnownLength) stream).available());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(message.size(), ((Drainable) stream).drainTo(out));
        assertEquals(-1, stream.read(), "nothing is left once drained");
        return out.toByteArray();
    }

    /** What a reader that does not drain (an in-process transport) gets, in reads of odd sizes. */
    private static byte[] readByteByByte(FrameMessage message) throws Exception {
        InputStream stream = FrameMessage.MARSHALLER.stream(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[7];
        for (int read = stream.read(); read >= 0; read = stream.read()) {
            out.write(read);
            int more = stream.read(buffer, 0, buffer.length);
            if (more > 0) {
                out.write(buffer, 0, more);
            }
        }
        assertEquals(0, stream.available());
        return out.toByteArray();
    }

    /** Real encodes: gray and colour, one re-encoded smaller to fit a limit, and a NO SIGNAL picture. */
    private static List<EncodedFrame> encodedFrames() throws Exception {
        FiniteSource source = new FiniteSource(320, 240, 100, 1000);
        List<EncodedFrame> frames = new ArrayList<>();
        try (Hub hub = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider())))
                .camera("front-door", source).build()) {
            Camera camera = hub.camera("front-door");
            Variant gray = hub.defaultVariant();
            Variant color = hub.variant("", 70, ColorMode.COLOR, 0, 0);
            Mailbox box = camera.subscribe(CamstreamService.PROTOCOL, gray, () -> { });
            hub.start();
            CapturedFrame frame = next(box, 0);
            frames.add(camera.encode(frame, gray, FOUR_MIB).encoded());
            frames.add(camera.encode(frame, color, FOUR_MIB).encoded());
            FittedFrame small = camera.encode(frame, color, frames.get(1).size() / 2);
            assertTrue(small.adapted(), "a limit below the frame's size makes it re-encode smaller");
            frames.add(small.encoded());
            CapturedFrame second = next(box, frame.sequence());
            source.sendPlaceholders(true);
            frames.add(camera.encode(next(box, second.sequence() + 5), gray, FOUR_MIB).encoded());
            assertTrue(frames.get(3).frame().placeholder(), "a NO SIGNAL frame");
        }
        return frames;
    }

    private static CapturedFrame next(Mailbox box, long after) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            CapturedFrame frame = box.poll();
            if (frame != null && frame.sequence() > after) {
                return frame;
            }
            Thread.sleep(5);
        }
        assertNotNull(null, "no frame after " + after + " within 20 s");
        return null;
    }
}
