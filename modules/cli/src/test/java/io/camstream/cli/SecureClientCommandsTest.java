package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.server.CamstreamServer;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.Issued;
import io.camstream.testkit.TestCertificates.KeyType;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code view} and {@code publish} with the client security flags, in this JVM, against TLS servers
 * built in the test (until {@code camstream server} has its TLS flags): they connect when the flags
 * fit, and otherwise end at once with one line naming the fix, never a stack trace.
 */
@Timeout(120)
class SecureClientCommandsTest {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dir;
    private TestCertificates ca;
    private Issued serverCertificate;
    private final List<CamstreamServer> servers = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void certificates() throws IOException {
        ca = TestCertificates.authority(dir, "cli test CA", KeyType.EC);
        serverCertificate = ca.server("server", KeyType.RSA);
    }

    @AfterEach
    void stop() {
        servers.forEach(CamstreamServer::close);
    }

    private record Result(int exit, String out, String err) {
        void assertExplained(String line) {
            assertExplained(line, 1);
        }

        void assertExplained(String line, int status) {
            assertEquals(status, exit, toString());
            assertTrue(err.contains(line), "expected the line\n" + line + "\nin\n" + err);
            assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        }
    }

    private static Result camstream(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    private String tlsServer(TlsServerCredentials.Builder credentials, Status refusal) throws IOException {
        NettyServerBuilder transport = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                credentials.keyManager(serverCertificate.certificate().toFile(), serverCertificate.key().toFile())
                        .build())
                .intercept(recordAuthorization(refusal));
        CamstreamServer server = CamstreamServer.builder(new TestPatternSource(320, 240, 30))
                .publishedCamera("edge").transport(transport).start();
        servers.add(server);
        return "127.0.0.1:" + server.port();
    }

    private String tlsServer() throws IOException {
        return tlsServer(TlsServerCredentials.newBuilder(), null);
    }

    private ServerInterceptor recordAuthorization(Status refusal) {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                synchronized (authorizations) {
                    authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
                }
                if (refusal != null) {
                    call.close(refusal, new Metadata());
                    return new ServerCall.Listener<>() {
                    };
                }
                return next.startCall(call, headers);
            }
        };
    }

    @Test
    void viewWatchesATlsServerWhoseCaItIsGivenSendingTheTokenFromItsFile() throws Exception {
        String target = tlsServer();
        Path token = Files.writeString(dir.resolve("viewer.token"), "viewer-t0ken\n");
        Result view = camstream("view", "--headless", "--frames", "3", "--target", target,
                "--ca", ca.certificate().toString(), "--token-file", token.toString());
        assertEquals(0, view.exit(), view.toString());
        synchronized (authorizations) {
            assertEquals(List.of("Bearer viewer-t0ken"), authorizations);
        }
    }

    @Test
    void viewWithoutTlsOfATlsServerIsToldToUseTls() throws Exception {
        String target = tlsServer();
        camstream("view", "--headless", "--frames", "3", "--target", target).assertExplained("camstream view: "
                + target + ": the server closed the connection before answering, as TLS servers do to plaintext "
                + "clients: use --tls (and --ca FILE if its certificate is from a private CA) (UNAVAILABLE: ");
    }

    @Test
    void viewWithTlsButWithoutThePrivateCaIsToldToGiveIt() throws Exception {
        String target = tlsServer();
        camstream("view", "--headless", "--frames", "3", "--target", target, "--tls").assertExplained(
                "camstream view: " + target + ": the server's certificate is not signed by a CA this system trusts: "
                        + "use --ca FILE with the CA that issued it (UNAVAILABLE: unable to find valid certification "
                        + "path to requested target)");
    }

    @Test
    void viewOfAServerRequiringClientCertificatesNeedsCertAndKey() throws Exception {
        String target = tlsServer(TlsServerCredentials.newBuilder().trustManager(ca.certificate().toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE), null);
        camstream("view", "--headless", "--frames", "3", "--target", target, "--ca", ca.certificate().toString())
                .assertExplained("camstream view: " + target + ": the server requires a client certificate (mutual "
                        + "TLS): use --cert FILE --key FILE (UNAVAILABLE: ");
        Issued viewer = ca.client("viewer", KeyType.EC);
        Result view = camstream("view", "--headless", "--frames", "3", "--target", target,
                "--ca", ca.certificate().toString(), "--cert", viewer.certificate().toString(),
                "--key", viewer.key().toString());
        assertEquals(0, view.exit(), view.toString());
    }

    @Test
    void viewRefusedForItsTokenSaysSoWithTheServersReason() throws Exception {
        String target = tlsServer(TlsServerCredentials.newBuilder(),
                Status.UNAUTHENTICATED.withDescription("unknown token"));
        Path token = Files.writeString(dir.resolve("viewer.token"), "stale-t0ken");
        camstream("view", "--headless", "--frames", "3", "--target", target, "--ca", ca.certificate().toString(),
                "--token-file", token.toString()).assertExplained("camstream view: " + target + ": the server refused "
                        + "the token: check the one given with --token-file FILE (or CAMSTREAM_TOKEN) "
                        + "(UNAUTHENTICATED: unknown token)");
    }

    @Test
    void publishPushesToATlsHubWithItsToken() throws Exception {
        String target = tlsServer();
        Path token = Files.writeString(dir.resolve("edge.token"), "edge-t0ken");
        Result publish = camstream("publish", "--to", target, "--camera", "edge", "--frames", "5", "--fps", "50",
                "--ca", ca.certificate().toString(), "--token-file", token.toString());
        assertEquals(0, publish.exit(), publish.toString());
        synchronized (authorizations) {
            assertEquals(List.of("Bearer edge-t0ken", "Bearer edge-t0ken"), authorizations, "Describe, then Publish");
        }
    }

    @Test
    void publishDeniedByTheHubSaysSo() throws Exception {
        String target = tlsServer(TlsServerCredentials.newBuilder(),
                Status.PERMISSION_DENIED.withDescription("viewers may not publish"));
        Path token = Files.writeString(dir.resolve("viewer.token"), "viewer-t0ken");
        camstream("publish", "--to", target, "--camera", "edge", "--frames", "5", "--ca", ca.certificate().toString(),
                "--token-file", token.toString()).assertExplained("camstream publish: " + target + ": the server does "
                        + "not permit this to this client: its token (or certificate) does not cover this role or "
                        + "camera (PERMISSION_DENIED: viewers may not publish)", PublishRefusal.NOT_ALLOWED);
    }
}
