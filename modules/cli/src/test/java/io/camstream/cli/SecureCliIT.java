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
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client security flags as users run them: the real launcher on the module path, where TLS
 * needs grpc-netty-shaded's BoringSSL to load, against a TLS server in this JVM (until
 * {@code camstream server} has its TLS flags).
 */
@Timeout(180)
class SecureCliIT extends CamstreamProcesses {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @TempDir
    Path dir;
    private TestCertificates ca;
    private CamstreamServer server;
    private String target;
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void startTlsServer() throws Exception {
        ca = TestCertificates.authority(dir, "it CA", KeyType.EC);
        Issued certificate = ca.server("server", KeyType.EC);
        server = CamstreamServer.builder(new TestPatternSource(320, 240, 30))
                .transport(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                        TlsServerCredentials.newBuilder()
                                .keyManager(certificate.certificate().toFile(), certificate.key().toFile()).build())
                        .intercept(new ServerInterceptor() {
                            @Override
                            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call,
                                    Metadata headers, ServerCallHandler<Q, R> next) {
                                synchronized (authorizations) {
                                    authorizations.add(String.valueOf(headers.get(AUTHORIZATION)));
                                }
                                return next.startCall(call, headers);
                            }
                        }))
                .start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void viewOverTlsSendsTheTokenFromTheEnvironment() throws Exception {
        Result view = run(Map.of(ClientOptions.TOKEN_VARIABLE, "it-t0ken"), "view", "--headless", "--frames", "5",
                "--json", "--target", target, "--ca", ca.certificate().toString());
        assertEquals(0, view.exit(), view.toString());
        assertEquals(5, lastJson(view).get("frames").getAsInt(), view.toString());
        synchronized (authorizations) {
            assertEquals(List.of("Bearer it-t0ken"), authorizations);
        }
    }

    @Test
    void viewWithoutTlsEndsWithTheFixNotAStackTrace() throws Exception {
        Result view = run(Map.of(), "view", "--headless", "--frames", "5", "--target", target);
        assertEquals(1, view.exit(), view.toString());
        assertTrue(view.stderr().contains("camstream view: " + target + ": the server closed the connection before "
                + "answering, as TLS servers do to plaintext clients: use --tls"), view.toString());
        assertFalse(view.stderr().contains("Exception") || view.stderr().contains("\tat "), view.toString());
    }

    @Test
    void aServerRelaysAGrpcsSourceTrustingItsCa() throws Exception {
        Process relay = start("server", "--bind", "127.0.0.1", "--port", "0",
                "--source", "grpcs://" + target + "?ca=" + ca.certificate());
        int port = awaitPort(relay, new ArrayList<>());
        Result view = run(Map.of(), "view", "--headless", "--frames", "5", "--json", "--target", "127.0.0.1:" + port);
        assertEquals(0, view.exit(), view.toString());
        assertEquals(0, lastJson(view).get("stamp_mismatches").getAsInt(), "the origin's numbers kept: " + view);
        relay.destroy();
        assertTrue(relay.waitFor(10, TimeUnit.SECONDS));
    }

    private Result run(Map<String, String> environment, String... args) throws Exception {
        Path stdout = Files.createTempFile(dir, "out", ".txt");
        Path stderr = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = command(args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        builder.environment().remove(ClientOptions.TOKEN_VARIABLE);
        builder.environment().putAll(environment);
        Process process = builder.start();
        processes.add(process);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "camstream " + String.join(" ", args) + " did not finish");
        return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }
}
