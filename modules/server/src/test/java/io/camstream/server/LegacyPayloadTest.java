package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.testkit.Picture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LegacyPayload#JPEG}, the original sample repository's later version, over 127.0.0.1: one request starts
 * a stream of raw grayscale JPEGs, one per new frame, which goes on after the client half-closes; camstream's own
 * client reads either version.
 */
@Timeout(60)
class LegacyPayloadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void oneRequestStartsAStreamOfRawJpegsOfNewFramesThatOutlastsTheHalfClose() throws Exception {
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(320, 240, 30))
                .legacyPayload(LegacyPayload.JPEG).bind("127.0.0.1").port(0).start();
             CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + server.port())) {
            var call = MainServerGrpc.newBlockingV2Stub(client.channel())
                    .withDeadlineAfter(WAIT.toMillis(), TimeUnit.MILLISECONDS).getStream();
            call.write(Request.newBuilder().setMsg("give me the stream!!").build());
            // The later Client.py sends its one request from a list, and gRPC half-closes after it.
            call.halfClose();
            List<Long> sequences = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Reply reply = call.read();
                byte[] jpeg = reply.getDatas().toByteArray();
                assertEquals(0xFF, jpeg[0] & 0xFF, "raw JPEG, no base64");
                assertEquals(0xD8, jpeg[1] & 0xFF);
                Picture picture = Picture.decode(jpeg);
                assertEquals(320, picture.width());
                assertEquals(PixelFormat.GRAY8, picture.format(), "gray, as in both versions of the sample");
                sequences.add(picture.stamp().orElseThrow().sequenceLow32());
            }
            call.cancel("enough", null);
            for (int i = 1; i < sequences.size(); i++) {
                assertTrue(sequences.get(i) > sequences.get(i - 1), "a newer frame each time: " + sequences);
            }
            // camstream's client (view --legacy) tells the two versions apart by the JPEG's first bytes.
            assertEquals(320, Picture.decode(client.fetchLegacyJpeg(WAIT)).width());
        }
    }
}
