package io.camstream.capture;

import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.util.List;
import java.util.Map;

/**
 * {@code pattern} and {@code pattern?noise=N}: the built-in moving test picture, at the requested
 * size and rate (640x480 at 30 fps by default).
 */
public final class TestPatternSourceProvider implements SourceProvider {

    static final String NAME = "pattern";

    /** For {@code ServiceLoader}; use {@link Sources} to find sources. */
    public TestPatternSourceProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> schemes() {
        return List.of(NAME);
    }

    @Override
    public List<String> forms() {
        return List.of("pattern[?noise=0..64]");
    }

    @Override
    public String description() {
        return "built-in moving test picture, stamped with sequence and capture time (pure Java)";
    }

    @Override
    public Availability availability() {
        return Availability.yes();
    }

    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) {
        if (!spec.location().isEmpty()) {
            throw new IllegalArgumentException("the test pattern takes no target, got '" + spec.redacted()
                    + "'; use pattern or pattern?noise=N");
        }
        int noise = TestPatternSource.DEFAULT_NOISE;
        for (Map.Entry<String, String> parameter : spec.parameters().entrySet()) {
            if (!parameter.getKey().equals("noise")) {
                throw new IllegalArgumentException("unknown test pattern parameter '" + parameter.getKey()
                        + "'; known: noise");
            }
            try {
                noise = Integer.parseInt(parameter.getValue());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("test pattern noise must be a whole number, got '"
                        + parameter.getValue() + "'");
            }
        }
        return new TestPatternSource(options.widthOr(SourceOptions.DEFAULT_WIDTH),
                options.heightOr(SourceOptions.DEFAULT_HEIGHT), options.fpsOr(SourceOptions.DEFAULT_FPS), noise,
                java.time.Clock.systemUTC());
    }
}
