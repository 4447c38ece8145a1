package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.Subscription;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.testkit.Picture;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.KeyType;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Real TLS over 127.0.0.1 with certificates the tests make: streams, mutual TLS, renewal without restart. */
@Timeout(120)
class TlsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void aStreamOverTlsDeliversPicturesThatDecode(KeyType type) throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates.Issued identity = ca.server("camstream server", type);
        try (CamstreamServer server = tlsServer(identity, null).start();
                CamstreamClient client = CamstreamClient.over(channel(server.port(), ca.certificate(), null))) {
            assertTrue(server.tls());
            FrameCollector frames = new FrameCollector();
            Subscription subscription = client.subscribe(SubscribeRequest.getDefaultInstance(), frames);
            var received = frames.await(3, WAIT);
            subscription.cancel();

            assertEquals(160, Picture.decode(received.get(2).getData().toByteArray()).width());
            assertTrue(server.securitySummary().get(0).startsWith("TLS with CN=camstream server"),
                    server.securitySummary().toString());
        }
    }

    @Test
    void mutualTlsAdmitsOnlyCertificatesFromTheClientCa() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates other = TestCertificates.authority(dir, "someone else's CA", KeyType.EC);
        try (CamstreamServer server = tlsServer(ca.server("camstream server", KeyType.EC), ca.certificate()).start()) {
            assertTrue(server.mutualTls());
            assertEquals(Status.Code.OK, describe(channel(server.port(), ca.certificate(),
                    ca.client("alice", KeyType.RSA))));

            long start = System.nanoTime();
            Status none = describeStatus(channel(server.port(), ca.certificate(), null));
            Status foreign = describeStatus(channel(server.port(), ca.certificate(),
                    other.client("alice", KeyType.EC)));
            assertEquals(Status.Code.UNAVAILABLE, none.getCode(), none.toString());
            assertEquals(Status.Code.UNAVAILABLE, foreign.getCode(), foreign.toString());
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "refused in the handshake, at once");
        }
    }

    @Test
    void aRenewedCertificateIsServedToNewConnectionsWhileStreamsGoOn() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates.Issued first = ca.server("first", KeyType.EC);
        Path certificate = Files.copy(first.certificate(), dir.resolve("server.pem"));
        Path key = Files.copy(first.key(), dir.resolve("server-key.pem"));
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(160, 120, 30)).port(0)
                .tls(certificate, key).reloadInterval(Duration.ofMillis(100)).start();
                CamstreamClient client = CamstreamClient.over(channel(server.port(), ca.certificate(), null))) {
            FrameCollector frames = new FrameCollector();
            Subscription subscription = client.subscribe(SubscribeRequest.getDefaultInstance(), frames);
            frames.await(2, WAIT);
            assertEquals("CN=first", presented(server.port(), ca.certificate()));

            // A renewal with a mismatched pair half-written must not be served: the old pair stays.
            TestCertificates.Issued second = ca.server("second", KeyType.RSA);
            TestCertificates.replace(second.certificate(), certificate);
            Thread.sleep(400);
            assertEquals("CN=first", presented(server.port(), ca.certificate()));
            TestCertificates.replace(second.key(), key);
            awaitPresented(server.port(), ca.certificate(), "CN=second");

            long before = frames.frames().get(frames.frames().size() - 1).getSequence();
            frames.awaitSequence(before + 10, WAIT);
            assertFalse(frames.end.isDone(), "the stream that started before the renewal goes on");
            subscription.cancel();
        }
    }

    @Test
    void aKeyInTheOlderPemFormOrOfAnotherCertificateIsRefusedByName() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates.Issued identity = ca.server("camstream server", KeyType.RSA);
        Path traditional = TestCertificates.traditionalKey(identity, dir.resolve("rsa-key.pem"));
        IllegalArgumentException old = assertThrows(IllegalArgumentException.class,
                () -> tlsServer(new TestCertificates.Issued(identity.certificate(), traditional, identity.x509()), null)
                        .start());
        assertTrue(old.getMessage().contains("'RSA PRIVATE KEY'") && old.getMessage().contains("openssl pkcs8 -topk8"),
                old.getMessage());

        TestCertificates.Issued another = ca.server("another", KeyType.RSA);
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> tlsServer(new TestCertificates.Issued(identity.certificate(), another.key(), identity.x509()),
                        null).start());
        assertTrue(mismatch.getMessage().endsWith("is not the key of the certificate in " + identity.certificate()),
                mismatch.getMessage());
    }

    @Test
    void aClientCertificateNamedInTheAuthFileStandsInForAToken() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        Path authFile = Files.write(dir.resolve("auth"), List.of("cert:alice  alice  view"));
        try (CamstreamServer server = tlsServer(ca.server("camstream server", KeyType.EC), ca.certificate())
                .authFile(authFile).start()) {
            assertEquals(Status.Code.OK, describe(channel(server.port(), ca.certificate(),
                    ca.client("alice", KeyType.EC))));
            Status mallory = describeStatus(channel(server.port(), ca.certificate(), ca.client("mallory", KeyType.EC)));
            assertEquals(Status.Code.UNAUTHENTICATED, mallory.getCode());
            assertTrue(mallory.getDescription().contains("[mallory]"), mallory.getDescription());
        }
    }

    private static CamstreamServer.Builder tlsServer(TestCertificates.Issued identity, Path clientCa) {
        CamstreamServer.Builder builder = CamstreamServer.builder(new TestPatternSource(160, 120, 30)).port(0)
                .tls(identity.certificate(), identity.key());
        return clientCa == null ? builder : builder.clientCa(clientCa);
    }

    static ManagedChannel channel(int port, Path ca, TestCertificates.Issued clientCertificate) throws Exception {
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder().trustManager(ca.toFile());
        if (clientCertificate != null) {
            credentials.keyManager(clientCertificate.certificate().toFile(), clientCertificate.key().toFile());
        }
        return NettyChannelBuilder.forAddress("127.0.0.1", port, credentials.build()).build();
    }

    private static Status.Code describe(ManagedChannel channel) {
        return describeStatus(channel).getCode();
    }

    private static Status describeStatus(ManagedChannel channel) {
        try {
            CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describe(DescribeRequest.getDefaultInstance());
            return Status.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus();
        } finally {
            channel.shutdownNow();
        }
    }

    static void awaitPresented(int port, Path ca, String subject) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String presented;
        while (!(presented = presented(port, ca)).equals(subject)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still presenting " + presented + " 20 s after the renewal");
            }
            Thread.sleep(100);
        }
    }

    /** The subject of the certificate a fresh TLS handshake with the server shows. */
    static String presented(int port, Path ca) throws Exception {
        SSLContext context = TestCertificates.trusting(ca);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            parameters.setServerNames(List.of(new SNIHostName("localhost")));
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5000);
            socket.startHandshake();
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
        }
    }
}
