package io.camstream.server;

import static io.camstream.server.TlsFixtures.mutualTls;
import static io.camstream.server.TlsFixtures.plaintext;
import static io.camstream.server.TlsFixtures.tls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.camstream.testkit.TestCertificates.Issued;
import io.camstream.testkit.TestCertificates.KeyType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients over TLS and mutual TLS against real Netty servers on 127.0.0.1, and every way the two
 * sides can disagree: each such call must fail at once (not wait out a deadline or gRPC's reconnect
 * back-off), with a line that names the fix.
 */
@Timeout(60)
class TlsConnectionTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** A deadline the failing calls must not need: they fail on the handshake, in milliseconds. */
    private static final Duration PATIENT = Duration.ofSeconds(30);
    private static final long AT_ONCE_MILLIS = 5_000;

    @TempDir
    Path dir;
    private TlsFixtures fixtures;
    private ClientSecurity trustingCa;

    @BeforeEach
    void certificates() throws Exception {
        fixtures = new TlsFixtures(dir);
        trustingCa = ClientSecurity.tls().withTrustedCa(fixtures.ca.certificate());
    }

    @AfterEach
    void stop() {
        fixtures.close();
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void subscribesOverTlsToAServerWhoseCaItWasGiven(KeyType serverKey) throws Exception {
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("server", serverKey)));
        try (CamstreamClient client = CamstreamClient.connect(target(server), trustingCa)) {
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            List<VideoFrame> frames = collector.await(5, WAIT);
            FrameCollector.assertIncreasing(frames);
            for (VideoFrame frame : frames) {
                Picture picture = Picture.decode(frame.getData().toByteArray());
                assertEquals(320, picture.width());
                assertTrue(picture.stamp().orElseThrow()
                        .matches(frame.getSequence(), InProcessServicesTest.captureMicros(frame)),
                        "frame " + frame.getSequence() + " arrived intact");
            }
            assertTrue(client.hasConnected());
        }
    }

    @Test
    void theServerNameLocalhostIsCheckedToo() throws Exception {
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("server", KeyType.EC)));
        try (CamstreamClient client = CamstreamClient.connect("localhost:" + server.port(), trustingCa)) {
            assertEquals(320, client.snapshot(SnapshotRequest.getDefaultInstance(), WAIT).getWidth());
        }
    }

    @Test
    void mutualTlsWorksWithACertificateOfTheCaTheServerTrusts() throws Exception {
        CamstreamServer server = fixtures.start(mutualTls(fixtures.ca.server("server", KeyType.RSA),
                fixtures.ca.certificate()));
        Issued alice = fixtures.ca.client("alice", KeyType.EC);
        try (CamstreamClient client = CamstreamClient.connect(target(server),
                trustingCa.withClientCertificate(alice.certificate(), alice.key()))) {
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            FrameCollector.assertIncreasing(collector.await(3, WAIT));
        }
    }

    @Test
    void mutualTlsWithoutAClientCertificateAsksForOne() throws Exception {
        CamstreamServer server = fixtures.start(mutualTls(fixtures.ca.server("server", KeyType.RSA),
                fixtures.ca.certificate()));
        assertExplained(server, trustingCa,
                "the server requires a client certificate (mutual TLS): use --cert FILE --key FILE");
    }

    @Test
    void mutualTlsWithAnotherCasCertificateSaysItWasNotAccepted() throws Exception {
        CamstreamServer server = fixtures.start(mutualTls(fixtures.ca.server("server", KeyType.RSA),
                fixtures.ca.certificate()));
        Issued mallory = fixtures.otherCa.client("mallory", KeyType.EC);
        assertExplained(server, trustingCa.withClientCertificate(mallory.certificate(), mallory.key()),
                "the server did not accept the client certificate " + mallory.certificate()
                        + " (certificate_required; from a CA it does not trust?): use --cert FILE --key FILE with "
                        + "one its CA issued");
    }

    @Test
    void aClientKeyThatIsNotTheCertificatesIsNamed() throws Exception {
        CamstreamServer server = fixtures.start(mutualTls(fixtures.ca.server("server", KeyType.RSA),
                fixtures.ca.certificate()));
        Issued alice = fixtures.ca.client("alice", KeyType.EC);
        Issued bob = fixtures.ca.client("bob", KeyType.EC);
        assertExplained(server, trustingCa.withClientCertificate(alice.certificate(), bob.key()),
                "the client certificate " + alice.certificate() + " and key " + bob.key()
                        + " do not belong together");
    }

    @Test
    void aPlaintextClientOfATlsServerIsToldToUseTls() throws Exception {
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("server", KeyType.EC)));
        // Seen: mostly "Network closed for unknown reason", sometimes "io exception" from a connection reset.
        assertExplained(server, ClientSecurity.plaintext(), "the server closed the connection before "
                + "answering, as TLS servers do to plaintext clients: use --tls (and --ca FILE if its certificate is "
                + "from a private CA)");
    }

    @Test
    void aTlsClientOfAPlaintextServerIsToldItDoesNotSpeakTls() throws Exception {
        CamstreamServer server = fixtures.start(plaintext());
        assertExplained(server, trustingCa,
                "the server does not speak TLS: connect without --tls, --ca, --cert and --key, or enable TLS on the "
                        + "server");
    }

    @Test
    void aServerCertificateFromAPrivateCaAsksForTheCa() throws Exception {
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("server", KeyType.RSA)));
        assertExplained(server, ClientSecurity.tls(), "the server's certificate is not signed by a CA this system "
                + "trusts: use --ca FILE with the CA that issued it");
        assertExplained(server, ClientSecurity.tls().withTrustedCa(fixtures.otherCa.certificate()),
                "the server's certificate is not signed by the CA in " + fixtures.otherCa.certificate()
                        + ": use --ca FILE with the CA that issued it");
    }

    @Test
    void aServerCertificateForAnotherNameIsRefused() throws Exception {
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("camera", KeyType.EC,
                List.of("camera.example"))));
        assertExplained(server, trustingCa, "the server's certificate is for other names (No subject alternative "
                + "names matching IP address 127.0.0.1 found; it names [DNS:camera.example]): connect by a name it "
                + "lists");
    }

    @Test
    void anExpiredServerCertificateIsCalledThat() throws Exception {
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("server", KeyType.EC, Duration.ofDays(-1))));
        assertExplained(server, trustingCa, "the server's certificate has expired or is not valid yet: renew it, or "
                + "check this machine's clock");
    }

    @Test
    void theTokenGoesWithEveryCallAsABearerHeader() throws Exception {
        TlsFixtures.Authorizations authorizations = new TlsFixtures.Authorizations();
        CamstreamServer server = fixtures.start(tls(fixtures.ca.server("server", KeyType.EC))
                .intercept(authorizations));
        try (CamstreamClient client = CamstreamClient.connect(target(server),
                trustingCa.withBearerToken("camera-viewer.Z2l2ZSBtZSB0aGUgc3RyZWFt"))) {
            client.describe(WAIT);
            client.snapshot(SnapshotRequest.getDefaultInstance(), WAIT);
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            collector.await(1, WAIT);
        }
        assertEquals(List.of("Bearer camera-viewer.Z2l2ZSBtZSB0aGUgc3RyZWFt",
                "Bearer camera-viewer.Z2l2ZSBtZSB0aGUgc3RyZWFt", "Bearer camera-viewer.Z2l2ZSBtZSB0aGUgc3RyZWFt"),
                authorizations.seen());
    }

    @Test
    void withoutATokenNoAuthorizationHeaderIsSentEvenInPlaintext() throws Exception {
        TlsFixtures.Authorizations authorizations = new TlsFixtures.Authorizations();
        CamstreamServer server = fixtures.start(plaintext().intercept(authorizations));
        try (CamstreamClient client = CamstreamClient.connect(target(server))) {
            client.describe(WAIT);
        }
        try (CamstreamClient client = CamstreamClient.connect(target(server),
                ClientSecurity.plaintext().withBearerToken("t0ken"))) {
            client.describe(WAIT);
        }
        assertEquals(List.of("null", "Bearer t0ken"), authorizations.seen());
    }

    @Test
    void refusedTokensAreExplainedWithTheServersReason() throws Exception {
        CamstreamServer missing = fixtures.start(tls(fixtures.ca.server("server", KeyType.EC)).intercept(
                new TlsFixtures.Authorizations(Status.UNAUTHENTICATED.withDescription("no bearer token"))));
        Status status = assertExplained(missing, trustingCa,
                "the server requires a token: give it with --token-file FILE (or CAMSTREAM_TOKEN)");
        assertEquals("no bearer token", status.getDescription());
        CamstreamServer denying = fixtures.start(tls(fixtures.ca.server("server", KeyType.EC)).intercept(
                new TlsFixtures.Authorizations(Status.PERMISSION_DENIED.withDescription("viewers may not publish"))));
        try (CamstreamClient client = CamstreamClient.connect(target(denying), trustingCa.withBearerToken("t"))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.describe(WAIT));
            assertTrue(client.explain(e.getStatus()).orElseThrow().startsWith("the server does not permit this"));
        }
    }

    /**
     * Checks that a snapshot and a subscription both fail at once, with this explanation.
     *
     * @return the snapshot's status
     */
    private static Status assertExplained(CamstreamServer server, ClientSecurity security, String explanation)
            throws Exception {
        try (CamstreamClient client = CamstreamClient.connect(target(server), security)) {
            long start = System.nanoTime();
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> client.snapshot(SnapshotRequest.getDefaultInstance(), PATIENT));
            assertAtOnce(start, e.getStatus());
            assertEquals(explanation, client.explain(e.getStatus()).orElse("no explanation for " + e.getStatus()));

            start = System.nanoTime();
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            Status ended = collector.end.get(PATIENT.toMillis(), TimeUnit.MILLISECONDS);
            assertAtOnce(start, ended);
            assertEquals(explanation, client.explain(ended).orElse("no explanation for " + ended));
            assertEquals(ended.getCode() != Status.Code.UNAVAILABLE, client.hasConnected(),
                    "TLS problems stop the connection, token problems the calls");
            return e.getStatus();
        }
    }

    private static void assertAtOnce(long start, Status status) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < AT_ONCE_MILLIS, "failed after " + millis + " ms, not at once: " + status);
    }

    private static String target(CamstreamServer server) {
        return "127.0.0.1:" + server.port();
    }
}
