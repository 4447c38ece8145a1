package io.camstream.testkit;

import io.camstream.capture.SourceOptions;
import io.camstream.capture.TestPatternSourceProvider;
import io.camstream.capture.spi.SourceProvider;
import java.util.List;
import java.util.Optional;

/**
 * The test pattern keeps the source contract. It lives here rather than in the capture module's
 * tests because capture cannot depend on this kit, which depends on capture: Maven refuses the cycle.
 */
class TestPatternSourceProviderTest extends SourceProviderContractTest {

    @Override
    protected SourceProvider provider() {
        return new TestPatternSourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("pattern?speed=2", "unknown test pattern parameter 'speed'; known: noise"),
                new MalformedSpec("pattern?noise=loud", "test pattern noise must be a whole number, got 'loud'"),
                new MalformedSpec("pattern?noise=99", "test pattern noise must be in 0..64, got 99"),
                new MalformedSpec("pattern:foo", "the test pattern takes no target, got 'pattern:foo';"
                        + " use pattern or pattern?noise=N"));
    }

    @Override
    protected Optional<String> workingSpec() {
        return Optional.of("pattern?noise=0");
    }

    @Override
    protected SourceOptions workingOptions() {
        return SourceOptions.defaults().withSize(160, 120).withFps(1000);
    }
}
