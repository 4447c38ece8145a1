package io.camstream.server;

import static io.camstream.server.TlsFixtures.mutualTls;
import static io.camstream.server.TlsFixtures.plaintext;
import static io.camstream.server.TlsFixtures.tls;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.Sources;
import io.camstream.client.CamstreamClient;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.camstream.testkit.TestCertificates.Issued;
import io.camstream.testkit.TestCertificates.KeyType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Relay sources from TLS upstreams: {@code grpcs://} with the URL's ca, cert, key and token-file. */
@Timeout(60)
class SecureRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;
    private TlsFixtures fixtures;

    @BeforeEach
    void certificates() throws Exception {
        fixtures = new TlsFixtures(dir);
    }

    @AfterEach
    void stop() {
        fixtures.close();
    }

    @Test
    void aGrpcsRelayTrustingTheGivenCaServesTheUpstreamsFramesWithTheirNumbers() throws Exception {
        CamstreamServer upstream = fixtures.start(tls(fixtures.ca.server("upstream", KeyType.RSA)));
        String source = "grpcs://127.0.0.1:" + upstream.port() + "?ca=" + fixtures.ca.certificate();
        FrameSource relayed = open(source);
        CamstreamServer relay = fixtures.start(plaintext(), builder -> builder.camera("relayed", relayed));
        try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + relay.port())) {
            FrameCollector collector = new FrameCollector();
            client.subscribe(SubscribeRequest.newBuilder().setCamera("relayed").build(), collector);
            List<VideoFrame> frames = collector.await(5, WAIT);
            FrameCollector.assertIncreasing(frames);
            for (VideoFrame frame : frames) {
                assertTrue(Picture.decode(frame.getData().toByteArray()).stamp().orElseThrow()
                        .matches(frame.getSequence(), InProcessServicesTest.captureMicros(frame)),
                        "frame " + frame.getSequence() + " kept the upstream's number and time");
            }
        }
    }

    @Test
    void aRelayPresentsItsClientCertificateAndTokenToTheUpstream() throws Exception {
        TlsFixtures.Authorizations authorizations = new TlsFixtures.Authorizations();
        CamstreamServer upstream = fixtures.start(mutualTls(fixtures.ca.server("upstream", KeyType.EC),
                fixtures.ca.certificate()).intercept(authorizations));
        Issued relayIdentity = fixtures.ca.client("relay", KeyType.RSA);
        Path tokenFile = Files.writeString(dir.resolve("relay.token"), "relay-t0ken\n");
        try (FrameSource relay = open("grpcs://127.0.0.1:" + upstream.port() + "/" + CamstreamServer.DEFAULT_CAMERA
                + "?ca=" + fixtures.ca.certificate() + "&cert=" + relayIdentity.certificate()
                + "&key=" + relayIdentity.key() + "&token-file=" + tokenFile)) {
            Frame first = relay.grab();
            assertTrue(relay.grab().sequence() > first.sequence());
        }
        assertEquals(List.of("Bearer relay-t0ken"), authorizations.seen());
    }

    @Test
    void aGrpcRelayOfATlsUpstreamFailsSayingToUseGrpcs() throws Exception {
        CamstreamServer upstream = fixtures.start(tls(fixtures.ca.server("upstream", KeyType.EC)));
        try (FrameSource relay = open("grpc://127.0.0.1:" + upstream.port())) {
            IOException e = assertThrows(IOException.class, relay::grab);
            assertTrue(e.getMessage().contains("the stream from 127.0.0.1:" + upstream.port() + " ended: the server "
                    + "closed the connection before answering, as TLS servers do to plaintext clients: use grpcs:// "
                    + "(and ?ca=FILE if its certificate is from a private CA) (UNAVAILABLE: "), e.getMessage());
        }
    }

    @Test
    void aGrpcsRelayWithoutTheCaSaysToGiveIt() throws Exception {
        CamstreamServer upstream = fixtures.start(tls(fixtures.ca.server("upstream", KeyType.EC)));
        try (FrameSource relay = open("grpcs://127.0.0.1:" + upstream.port())) {
            IOException e = assertThrows(IOException.class, relay::grab);
            assertTrue(e.getMessage().contains("the server's certificate is not signed by a CA this system trusts: "
                    + "use ?ca=FILE with the CA that issued it"), e.getMessage());
        }
    }

    private static FrameSource open(String source) throws IOException, InterruptedException {
        return Sources.discover().open(source, SourceOptions.defaults());
    }
}
