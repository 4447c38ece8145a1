package io.camstream.server;

import io.camstream.capture.TestPatternSource;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.Issued;
import io.camstream.testkit.TestCertificates.KeyType;
import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Servers on 127.0.0.1 for the TLS tests, built the way the server's own TLS flags will build
 * them, until those land: a CamstreamServer over a Netty transport with TLS credentials. Closes
 * every server it started.
 */
final class TlsFixtures implements AutoCloseable {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    final TestCertificates ca;
    /** Another authority, trusted by nobody: its certificates must be refused. */
    final TestCertificates otherCa;
    private final List<CamstreamServer> servers = new ArrayList<>();

    TlsFixtures(Path dir) throws IOException {
        ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        otherCa = TestCertificates.authority(dir, "other CA", KeyType.RSA);
    }

    static NettyServerBuilder plaintext() {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0));
    }

    static NettyServerBuilder tls(Issued certificate) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), TlsServerCredentials.newBuilder()
                .keyManager(certificate.certificate().toFile(), certificate.key().toFile()).build());
    }

    /** TLS that requires a client certificate issued by {@code clientCa}. */
    static NettyServerBuilder mutualTls(Issued certificate, Path clientCa) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), TlsServerCredentials.newBuilder()
                .keyManager(certificate.certificate().toFile(), certificate.key().toFile())
                .trustManager(clientCa.toFile())
                .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
                .build());
    }

    /** A test-pattern camera served on this transport; its address is {@code "127.0.0.1:" + port()}. */
    CamstreamServer start(ServerBuilder<?> transport) throws IOException {
        return start(transport, builder -> builder);
    }

    CamstreamServer start(ServerBuilder<?> transport, UnaryOperator<CamstreamServer.Builder> configure)
            throws IOException {
        CamstreamServer server = configure.apply(CamstreamServer.builder(new TestPatternSource(320, 240, 30))
                .transport(transport)).start();
        servers.add(server);
        return server;
    }

    @Override
    public void close() {
        servers.forEach(CamstreamServer::close);
    }

    /** Records the {@code authorization} header of every call ("null" when absent); may refuse every call. */
    static final class Authorizations implements ServerInterceptor {
        private final List<String> seen = new ArrayList<>();
        private final Status refusal;

        /** Lets every call through. */
        Authorizations() {
            this(null);
        }

        /** Ends every call with {@code refusal}, as an authorizing server would. */
        Authorizations(Status refusal) {
            this.refusal = refusal;
        }

        synchronized List<String> seen() {
            return List.copyOf(seen);
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            synchronized (this) {
                seen.add(String.valueOf(headers.get(AUTHORIZATION)));
            }
            if (refusal != null) {
                call.close(refusal, new Metadata());
                return new ServerCall.Listener<>() {
                };
            }
            return next.startCall(call, headers);
        }
    }
}
