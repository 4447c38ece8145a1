package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.server.auth.AuthFile;
import io.camstream.server.auth.Caller;
import io.camstream.server.auth.Role;
import io.camstream.server.auth.Tokens;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.KeyType;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server lends another face of the same process (HTTP): its TLS identity, renewed with the
 * files, and its callers by token under the auth file in force, with word when the file changes.
 */
@Timeout(60)
class SharedSecurityTest {

    @TempDir
    Path dir;

    @Test
    void aListenerOnTheSharedTlsContextPresentsTheServersCertificateAndItsRenewal() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates.Issued first = ca.server("first", KeyType.EC);
        Path certificate = Files.copy(first.certificate(), dir.resolve("server.pem"));
        Path key = Files.copy(first.key(), dir.resolve("server-key.pem"));
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(160, 120, 30)).port(0)
                .tls(certificate, key).reloadInterval(Duration.ofMillis(100)).start();
                SSLServerSocket listener = (SSLServerSocket) server.tlsContext().orElseThrow().getServerSocketFactory()
                        .createServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = handshakes(listener);
            assertEquals("CN=first", TlsTest.presented(listener.getLocalPort(), ca.certificate()));

            TestCertificates.Issued second = ca.server("second", KeyType.RSA);
            TestCertificates.replace(second.certificate(), certificate);
            TestCertificates.replace(second.key(), key);
            TlsTest.awaitPresented(listener.getLocalPort(), ca.certificate(), "CN=second");
            acceptor.interrupt();
        }
    }

    @Test
    void withoutTlsThereIsNoContextAndWithoutAnAuthFileEveryoneIsAnyone() throws Exception {
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(160, 120, 30))
                .transport(InProcessServerBuilder.forName(InProcessServerBuilder.generateName())).start()) {
            assertTrue(server.tlsContext().isEmpty());
            assertEquals(Caller.ANYONE, server.callerByToken("anything").orElseThrow());
        }
    }

    @Test
    void callersByTokenFollowTheAuthFileAndAChangeIsAnnounced() throws Exception {
        String alice = Tokens.generate();
        String bob = Tokens.generate();
        Path file = dir.resolve("auth");
        Files.write(file, List.of(AuthFile.line(alice, "alice", Role.VIEW, List.of("front"))));
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(160, 120, 30)).authFile(file)
                .reloadInterval(Duration.ofMillis(100))
                .transport(InProcessServerBuilder.forName(InProcessServerBuilder.generateName())).start()) {
            Caller caller = server.callerByToken(alice).orElseThrow();
            assertEquals("alice", caller.name());
            assertTrue(caller.may(Role.VIEW, "front"));
            assertFalse(caller.may(Role.VIEW, "back"));
            assertTrue(server.callerByToken(bob).isEmpty());

            CountDownLatch announced = new CountDownLatch(1);
            server.onAccessChange(announced::countDown);
            Files.write(file, List.of(AuthFile.line(bob, "bob", Role.VIEW, List.of())));
            assertTrue(announced.await(20, TimeUnit.SECONDS), "no word of the new auth file");
            assertTrue(server.callerByToken(alice).isEmpty(), "alice was revoked by the time the change is announced");
            assertEquals("bob", server.callerByToken(bob).orElseThrow().name());
        }
    }

    /** Completes every handshake that comes, so a client can read the certificate the context presents. */
    private static Thread handshakes(SSLServerSocket listener) {
        Thread thread = new Thread(() -> {
            while (!listener.isClosed()) {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(5000);
                    socket.startHandshake();
                } catch (IOException e) {
                    if (listener.isClosed()) {
                        return;
                    }
                    // A client that hung up mid-handshake: take the next one.
                }
            }
        }, "test-handshakes");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
