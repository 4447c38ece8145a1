package io.camstream.client;

import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.SourceProviderContractTest;
import java.util.List;

/**
 * The relay keeps the source contract. Opening one needs an upstream server, which lives in the
 * server module: its relay tests (SurfaceTest) watch real chains of servers.
 */
class RelaySourceProviderTest extends SourceProviderContractTest {

    @Override
    protected SourceProvider provider() {
        return new RelaySourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("grpc://upstream.local",
                        "a relay source is grpc://HOST:PORT or grpc://HOST:PORT/CAMERA, got grpc://upstream.local"),
                new MalformedSpec("grpc:///front",
                        "a relay source is grpc://HOST:PORT or grpc://HOST:PORT/CAMERA, got grpc:///front"));
    }
}
