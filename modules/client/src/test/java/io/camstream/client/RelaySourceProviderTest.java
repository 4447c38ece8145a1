package io.camstream.client;

import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.SourceProviderContractTest;
import java.util.List;

/**
 * The relay keeps the source contract. Opening one needs an upstream server, which lives in the
 * server module: its relay tests (SurfaceTest, SecureRelayTest) watch real chains of servers.
 */
class RelaySourceProviderTest extends SourceProviderContractTest {

    private static final String FORMS = "a relay source is grpc://HOST:PORT[/CAMERA] or grpcs://HOST:PORT[/CAMERA]";

    @Override
    protected SourceProvider provider() {
        return new RelaySourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("grpc://upstream.local", FORMS + ", got grpc://upstream.local"),
                new MalformedSpec("grpc:///front", FORMS + ", got grpc:///front"),
                new MalformedSpec("grpcs://upstream.local/front", FORMS + ", got grpcs://upstream.local/front"),
                new MalformedSpec("grpc://hub:50051?ca=ca.pem",
                        "ca, cert and key are for TLS: use grpcs://, got grpc://hub:50051"),
                new MalformedSpec("grpcs://hub:50051/front?cert=client.pem",
                        "cert and key go together (a client certificate and its key), got "
                                + "grpcs://hub:50051/front"),
                new MalformedSpec("grpcs://hub:50051?token=secret",
                        // The URI is shown without its parameters: a mistyped one may hold a secret.
                        "unknown relay source parameter 'token' (known: ca, cert, key, token-file), got "
                                + "grpcs://hub:50051"),
                new MalformedSpec("grpc://relay:secret@hub:50051/front",
                        "a relay source takes no user or password in its URL (it would show wherever the source is "
                                + "named); put a token in a file and add ?token-file=FILE, got "
                                + "grpc://relay:***@hub:50051/front"),
                new MalformedSpec("grpcs://hub:50051?ca=",
                        "relay source parameter 'ca' needs a file, got grpcs://hub:50051"),
                new MalformedSpec("grpcs://hub:50051?ca=a.pem&ca=b.pem",
                        "relay source parameter 'ca' is given twice, got grpcs://hub:50051"),
                new MalformedSpec("grpcs://hub:50051?ca=/nonexistent/ca.pem",
                        "cannot read the CA file /nonexistent/ca.pem: no such file"),
                new MalformedSpec("grpc://hub:50051?token-file=/nonexistent/token",
                        "cannot read the token file /nonexistent/token: no such file"));
    }
}
