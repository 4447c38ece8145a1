package io.camstream.nats;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code nats://HOST:PORT[,HOST:PORT…]/CAMERA} (and {@code tls://…}): a camera an origin publishes to NATS,
 * served by this server, an edge (see {@link NatsSource}).
 */
public final class NatsSourceProvider implements SourceProvider {

    /**
     * How long opening waits for the origin's first frame. Meanwhile the camera sends NO SIGNAL, and a frame
     * that comes ends the wait at once. A wait that ends without one is a failed attempt, and the supervisor
     * starts the next at once (its backoff, at most 15 s, counts from the attempt's start), so an edge whose
     * origin is away keeps listening. Shorter than the supervisor's open timeout (20 s), which would count
     * the attempt as hung.
     */
    static final Duration FIRST_FRAME_WAIT = Duration.ofSeconds(15);

    /** For {@code ServiceLoader}. */
    public NatsSourceProvider() {
    }

    @Override
    public String name() {
        return "nats";
    }

    @Override
    public List<String> schemes() {
        return List.of("nats", "tls");
    }

    @Override
    public List<String> forms() {
        return List.of(NatsSourceUri.FORM, NatsSourceUri.TLS_FORM);
    }

    @Override
    public String description() {
        return "a camera a camstream origin publishes to NATS (server --nats), with its sequence numbers; makes "
                + "this server an edge (pure Java)";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    /**
     * Whether a camera named {@code camera} whose source is {@code source} would, published by an origin to
     * {@code servers}, go back to the subject it reads on one of the same servers: the server would receive its
     * own frames again and publish them again, for ever. False for any other source, another name, or other
     * servers (a bridge between sites); a malformed NATS source is left for opening to report.
     */
    public static boolean feedsBack(String camera, String source, List<String> servers) {
        SourceSpec spec = SourceSpec.parse(source);
        if (!List.of("nats", "tls").contains(spec.scheme())) {
            return false;
        }
        NatsSourceUri uri;
        try {
            uri = NatsSourceUri.parse(spec);
        } catch (IllegalArgumentException malformed) {
            return false;
        }
        List<String> published = servers.stream().map(NatsSourceProvider::hostPort).toList();
        return uri.camera().equals(camera) && uri.servers().stream().map(NatsSourceProvider::hostPort)
                .anyMatch(published::contains);
    }

    /** {@code HOST:PORT} of a server URL, with NATS' default port and without credentials. */
    private static String hostPort(String url) {
        String host = url.replaceFirst("^[a-z]+://", "").replaceFirst("^[^@/]*@", "").replaceFirst("/.*", "");
        return host.matches(".*:\\d+$") ? host : host + ":" + NatsSourceUri.DEFAULT_PORT;
    }

    /** Size and rate are the origin's. */
    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException, InterruptedException {
        return NatsSource.open(NatsSourceUri.parse(spec), FIRST_FRAME_WAIT);
    }
}
