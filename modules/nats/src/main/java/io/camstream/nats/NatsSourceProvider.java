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
     * that comes ends the wait at once: the longer it is, the sooner an edge notices an origin that returns.
     * Shorter than the supervisor's open timeout (20 s), which would count the attempt as hung.
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

    /** Size and rate are the origin's. */
    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException, InterruptedException {
        return NatsSource.open(NatsSourceUri.parse(spec), FIRST_FRAME_WAIT);
    }
}
