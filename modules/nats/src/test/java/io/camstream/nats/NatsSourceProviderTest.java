package io.camstream.nats;

import io.camstream.capture.spi.SourceProvider;
import io.camstream.hub.Hub;
import io.camstream.testkit.SourceProviderContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;

/** The NATS edge source keeps the source contract; its working spec is a real origin on a real nats-server. */
class NatsSourceProviderTest extends SourceProviderContractTest {

    private static final String FORM = "a NATS source is " + NatsSourceUri.FORM + " (or " + NatsSourceUri.TLS_FORM
            + "), got ";
    private final List<AutoCloseable> running = new ArrayList<>();

    @Override
    protected SourceProvider provider() {
        return new NatsSourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("nats:h1/front", FORM + "'nats:h1/front'"),
                new MalformedSpec("nats://h1:4222", "a NATS source names the origin's camera after the servers, "
                        + "nats://HOST:PORT/CAMERA; got 'nats://h1:4222'"),
                new MalformedSpec("tls://h1:4222/front.door", "camera 'front.door' cannot be published to NATS: a "
                        + "subject token is 1-64 letters, digits, '_' or '-' (a dot would split it); rename the "
                        + "camera, e.g. front-door"),
                new MalformedSpec("nats://h1:4222,h2:x/front", "'h2:x' is not HOST or HOST:PORT in NATS source "
                        + "'nats://h1:4222,h2:x/front' (" + NatsSourceUri.FORM + ")"),
                new MalformedSpec("nats://edge:s3cret@h1/front?token=abc", "unknown NATS source parameter 'token' "
                        + "(known: ca, creds, token-file) in 'nats://edge:***@h1/front?token=***'"),
                new MalformedSpec("nats://s3cret@h1/front", "put a NATS token in a file and add ?token-file=FILE: "
                        + "in the URL it would show wherever the source is named; got 'nats://***@h1/front'"),
                new MalformedSpec("nats://h1/front?ca=/etc/hostname", "ca is for TLS: use tls://, got "
                        + "'nats://h1/front?ca=/etc/hostname'"),
                new MalformedSpec("nats://h1/front?creds=/nonexistent/edge.creds",
                        "NATS source parameter creds: cannot read /nonexistent/edge.creds"));
    }

    /** A nats-server on 127.0.0.1 and an origin publishing a test pattern to it, for as long as the test runs. */
    @Override
    protected Optional<String> workingSpec() throws Exception {
        Path log = Files.createTempFile("nats-", ".log");
        NatsServerProcess nats = new NatsServerProcess("", log).start();
        running.add(nats);
        Hub hub = PatternHubs.start("front", 30);
        running.add(hub);
        running.add(NatsOrigin.start(hub, List.of(nats.url()), null));
        return Optional.of(nats.url() + "/front");
    }

    @AfterEach
    void stopWhatRuns() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
        running.clear();
    }
}
