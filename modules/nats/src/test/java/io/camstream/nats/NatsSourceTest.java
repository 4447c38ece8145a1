package io.camstream.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.camstream.capture.Frame;
import io.camstream.capture.SourceSpec;
import io.camstream.client.WireFrames;
import io.camstream.hub.Hub;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The edge's source on a real nats-server (127.0.0.1), fed by a real origin. */
@Timeout(120)
class NatsSourceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static NatsSourceUri uri(String text) {
        return NatsSourceUri.parse(SourceSpec.parse(text));
    }

    @Test
    void framesKeepTheOriginsSequenceNumbersCaptureTimesAndBytes() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null);
                RawNatsReader reader = new RawNatsReader(nats.port(), "camstream.front.frames");
                NatsSource source = NatsSource.open(uri(nats.url() + "/front"), WAIT)) {
            Map<Long, VideoFrame> published = new HashMap<>();
            int matched = 0;
            for (int i = 0; i < 10; i++) {
                Frame frame = source.grab();
                assertEquals(320, frame.width());
                assertEquals(240, frame.height());
                assertTrue(frame.stamped(), "the origin's stamp is kept with its number");
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (!published.containsKey(frame.sequence()) && System.nanoTime() < deadline) {
                    RawNatsReader.Message message = reader.next(1000);
                    if (message != null) {
                        VideoFrame sent = VideoFrame.parseFrom(message.payload());
                        published.put(sent.getSequence(), sent);
                    }
                }
                VideoFrame sent = published.get(frame.sequence());
                assertNotNull(sent, "sequence " + frame.sequence() + " is one the origin published");
                assertEquals(WireFrames.epochMicros(sent.getCaptureTime()), frame.captureEpochMicros());
                assertEquals(sent.getData(), ByteString.copyFrom(frame.jpeg().orElseThrow().bytes()),
                        "the origin's JPEG, passed on as it is");
                matched++;
            }
            assertEquals(10, matched);
            assertEquals(320, source.info().width());
            assertEquals(30.0, source.info().fps(), 0.01, "the rate the origin describes");
            assertTrue(source.info().description().contains("camstream.front.frames at nats://127.0.0.1:"),
                    source.info().description());
            assertTrue(origin.published() >= 10);
        }
    }

    @Test
    void aSlowTakerGetsTheNewestFrameNotABacklog() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null);
                NatsSource source = NatsSource.open(uri(nats.url() + "/front"), WAIT)) {
            long first = source.grab().sequence();
            Thread.sleep(1000);
            long next = source.grab().sequence();
            assertTrue(next - first > 20, "about 30 frames later, not the next one queued: " + first + " then "
                    + next);
            long after = source.grab().sequence();
            assertTrue(after > next && after - next < 10, "then frames follow closely: " + next + " then " + after);
            assertTrue(origin.published() > after - first, "the origin published every frame meanwhile");
        }
    }

    @Test
    void anOriginThatStopsIsAFailureAndItsReturnBringsFramesAgain() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsSource source = openWithOrigin(hub, nats)) {
            long started = System.nanoTime();
            IOException silent = assertThrows(IOException.class, () -> {
                while (true) {
                    source.grab();
                }
            });
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(silent.getMessage().contains("camstream.front.frames"), silent.getMessage());
            assertTrue(waitedMillis >= NatsSource.SILENCE.toMillis() && waitedMillis < 10_000,
                    "noticed after the silence: " + waitedMillis + " ms");
            try (Hub again = PatternHubs.start("front", 30);
                    NatsOrigin back = NatsOrigin.start(again, List.of(nats.url()), null)) {
                Frame frame = source.grab();
                assertFalse(frame.placeholder());
                assertTrue(back.published() >= 1);
            }
        }
    }

    /** A source whose origin is closed once the source has its first frame. */
    private static NatsSource openWithOrigin(Hub hub, NatsServerProcess nats) throws Exception {
        try (NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null)) {
            NatsSource source = NatsSource.open(uri(nats.url() + "/front"), WAIT);
            source.grab();
            assertTrue(origin.published() >= 1);
            return source;
        }
    }

    @Test
    void openingWithoutFramesSaysWhichCamerasNatsAnnounced() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("back", 5);
                NatsOrigin origin = NatsOrigin.start(hub, List.of(nats.url()), null)) {
            IOException none = assertThrows(IOException.class,
                    () -> NatsSource.open(uri(nats.url() + "/front"), Duration.ofMillis(2500)));
            assertTrue(none.getMessage().contains("no frame on camstream.front.frames"), none.getMessage());
            assertTrue(none.getMessage().contains("cameras announced: back"), none.getMessage());
            assertTrue(origin.published() > 0, "the origin did publish, another camera");
        }
    }

    @Test
    void aTokenFromAFileAndAUserWithAPasswordAreTheNatsServersCredentials() throws Exception {
        Path token = Files.writeString(dir.resolve("edge.token"), "t0ken-value\n");
        try (NatsServerProcess nats = new NatsServerProcess("authorization { token: \"t0ken-value\" }",
                dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of("nats://t0ken-value@127.0.0.1:" + nats.port()), null);
                NatsSource source = NatsSource.open(uri(nats.url() + "/front?token-file=" + token), WAIT)) {
            assertTrue(source.grab().stamped());
            assertEquals("CONNECTED", origin.status());
        }
        try (NatsServerProcess nats = new NatsServerProcess("authorization { user: cam, password: s3cret }",
                dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of("nats://cam:s3cret@127.0.0.1:" + nats.port()), null);
                NatsSource source = NatsSource.open(uri("nats://cam:s3cret@127.0.0.1:" + nats.port() + "/front"),
                        WAIT)) {
            assertTrue(source.grab().stamped());
            assertEquals("CONNECTED", origin.status());
            IOException refused = assertThrows(IOException.class, () -> NatsSource.open(
                    uri("nats://cam:wrong-pass@127.0.0.1:" + nats.port() + "/front"), WAIT));
            assertTrue(refused.getMessage().contains("Authorization Violation"), refused.getMessage());
            assertFalse(refused.getMessage().contains("wrong-pass"), refused.getMessage());
        }
    }

    @Test
    void overTlsBothSidesTrustAPrivateCaAndAnEdgeThatDoesNotIsRefused() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "nats CA", KeyType.EC);
        TestCertificates.Issued certificate = ca.server("nats", KeyType.RSA);
        String tls = "tls { cert_file: \"" + certificate.certificate() + "\", key_file: \"" + certificate.key()
                + "\" }";
        try (NatsServerProcess nats = new NatsServerProcess(tls, dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin origin = NatsOrigin.start(hub, List.of("tls://127.0.0.1:" + nats.port()), null,
                        ca.certificate());
                NatsSource source = NatsSource.open(uri("tls://127.0.0.1:" + nats.port() + "/front?ca="
                        + ca.certificate()), WAIT)) {
            assertTrue(source.grab().stamped());
            assertEquals("CONNECTED", origin.status());
            IOException untrusted = assertThrows(IOException.class, () -> NatsSource.open(
                    uri("tls://127.0.0.1:" + nats.port() + "/front"), WAIT));
            assertTrue(untrusted.getMessage().startsWith("no NATS server answered at tls://127.0.0.1:"),
                    untrusted.getMessage());
            assertTrue(untrusted.getMessage().contains("certification path"), untrusted.getMessage());
        }
        try (Hub hub = PatternHubs.start("front", 1)) {
            IllegalArgumentException plain = assertThrows(IllegalArgumentException.class, () -> NatsOrigin.start(
                    hub, List.of("nats://127.0.0.1:4222"), null, ca.certificate()));
            assertTrue(plain.getMessage().contains("use tls://"), plain.getMessage());
        }
    }

    @Test
    void noServerAnsweringIsAFailureThatMayPass() throws Exception {
        NatsServerProcess nats = new NatsServerProcess("", dir.resolve("nats.log")); // never started
        IOException refused = assertThrows(IOException.class,
                () -> NatsSource.open(uri("nats://127.0.0.1:" + nats.port() + "/front"), WAIT));
        assertTrue(refused.getMessage().startsWith("no NATS server answered at nats://127.0.0.1:" + nats.port()),
                refused.getMessage());
    }
}
