package io.camstream.client;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/**
 * {@code grpc://HOST:PORT[/CAMERA]} and, over TLS, {@code grpcs://HOST:PORT[/CAMERA]}: a camera of another
 * camstream server, relayed (see {@link RelaySource}).
 */
public final class RelaySourceProvider implements SourceProvider {

    /** For {@code ServiceLoader}. */
    public RelaySourceProvider() {
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public List<String> schemes() {
        return List.of("grpc", "grpcs");
    }

    @Override
    public List<String> forms() {
        return List.of("grpc://HOST:PORT[/CAMERA][?token-file=FILE]",
                "grpcs://HOST:PORT[/CAMERA][?ca=FILE&cert=FILE&key=FILE&token-file=FILE]");
    }

    @Override
    public String description() {
        return "a camera of another camstream server, relayed with its original sequence numbers; grpcs:// for TLS "
                + "(pure Java)";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    /** Size and rate are the upstream's: a relay passes frames on as they come. */
    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) {
        try {
            return new RelaySource(new URI(spec.text()));
        } catch (URISyntaxException e) {
            // URISyntaxException's message quotes its input: only the redacted form and the reason go out.
            throw new IllegalArgumentException("'" + spec.redacted() + "' is not a URI: " + e.getReason(), e);
        }
    }
}
