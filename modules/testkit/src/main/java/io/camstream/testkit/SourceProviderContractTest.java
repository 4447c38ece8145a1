package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.Sources;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract every kind of frame source keeps; each {@link SourceProvider}'s tests extend this
 * class, name the provider, give specs it must reject and, where one works on this machine, a spec
 * to open.
 *
 * <p>Only opening a source needs the provider to be available. Everything else is checked without
 * natives too, so that a machine without FFmpeg or OpenCV still catches a forgotten declaration or a
 * vague message instead of skipping the whole class.
 */
@Timeout(60)
public abstract class SourceProviderContractTest {

    // What camstream sources lists and the CLI accepts: stable, lower case, no spaces.
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");
    // SourceSpec lower-cases the scheme it parses, so an upper-case scheme could never be chosen.
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");

    /**
     * A {@code --source} value the provider must reject as malformed, and the exact message users
     * then see.
     */
    public record MalformedSpec(String spec, String message) {
    }

    /** Only for the subclasses that name a provider. */
    protected SourceProviderContractTest() {
    }

    /** The provider under test, newly constructed (construction must be cheap and load no natives). */
    protected abstract SourceProvider provider();

    /** At least one spec of the provider's own schemes that it rejects before needing any native. */
    protected abstract List<MalformedSpec> malformedSpecs();

    /**
     * A spec that opens on this machine when the provider is available, or empty when none can
     * (there is no camera here); may prepare what it names, such as a clip.
     */
    protected Optional<String> workingSpec() throws Exception {
        return Optional.empty();
    }

    /** The options {@link #workingSpec()} is opened with. */
    protected SourceOptions workingOptions() {
        return SourceOptions.defaults();
    }

    @Test
    protected void describesItselfWithAStableName() {
        SourceProvider provider = provider();
        assertTrue(NAME.matcher(provider.name()).matches(), "a stable lower-case id: '" + provider.name() + "'");
        assertEquals(provider.name(), provider().name(), "the same name from every instance");
        assertFalse(provider.description().isBlank(), "description of " + provider.name());
        assertFalse(provider.description().contains("\n"), "one line in camstream sources: " + provider.description());
    }

    @Test
    protected void schemesAreDistinctAndLowerCase() {
        List<String> schemes = provider().schemes();
        assertFalse(schemes.isEmpty(), "a provider nobody can choose");
        for (String scheme : schemes) {
            assertTrue(SCHEME.matcher(scheme).matches(), "not a lower-case URI scheme: '" + scheme + "'");
        }
        assertEquals(schemes.size(), new HashSet<>(schemes).size(), "repeated schemes: " + schemes);
    }

    @Test
    protected void everyFormStartsWithOneOfItsSchemes() {
        SourceProvider provider = provider();
        assertFalse(provider.forms().isEmpty(), "help and error messages list no form for " + provider.name());
        for (String form : provider.forms()) {
            assertTrue(provider.schemes().stream().anyMatch(form::startsWith),
                    "form '" + form + "' does not start with one of " + provider.schemes());
        }
    }

    @Test
    protected void availabilityNeverThrowsAndExplainsAbsence() {
        Availability first = assertDoesNotThrow(() -> provider().availability());
        assertNotNull(first);
        if (first.available()) {
            assertEquals("", first.reason(), "an available provider has nothing to explain");
        } else {
            assertFalse(first.reason().isBlank(), "unavailable without a reason");
        }
        assertEquals(first, provider().availability(), "availability is decided once per JVM");
    }

    @Test
    protected void discoveryFindsItUnderEachOfItsSchemes() {
        Sources sources = Sources.discover();
        for (String scheme : provider().schemes()) {
            SourceProvider found = sources.find(scheme).orElseThrow(() -> new AssertionError(
                    "no provider found for scheme '" + scheme + "': is " + provider().getClass().getName()
                            + " declared in META-INF/services?"));
            assertSame(provider().getClass(), found.getClass(), "scheme '" + scheme + "' goes to another provider");
        }
    }

    @Test
    protected void moduleInfoAndServicesFilesDeclareIt() throws Exception {
        Class<?> type = provider().getClass();
        ModuleDeclarations declarations = ModuleDeclarations.of(type);
        assertTrue(declarations.providers(SourceProvider.class).contains(type.getName()),
                "module " + declarations.descriptor().name() + " does not provide " + SourceProvider.class.getName()
                        + " with " + type.getName());
        declarations.assertProvidersAgree();
    }

    @Test
    protected void malformedSpecsAreRejectedWithSpecificMessages() {
        SourceProvider provider = provider();
        assertFalse(malformedSpecs().isEmpty(), "name at least one spec the provider rejects");
        for (MalformedSpec malformed : malformedSpecs()) {
            SourceSpec spec = SourceSpec.parse(malformed.spec());
            assertTrue(provider.schemes().contains(spec.scheme()),
                    "'" + malformed.spec() + "' is not one of this provider's schemes, so it proves nothing");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> provider.open(spec, SourceOptions.defaults()).close(), malformed.spec());
            assertEquals(malformed.message(), e.getMessage());
        }
    }

    @Test
    protected void opensAndGrabsFramesInOrder() throws Exception {
        SourceProvider provider = provider();
        Availability availability = provider.availability();
        Assumptions.assumeTrue(availability.available(),
                () -> "skipped: source kind '" + provider.name() + "' is not available here: " + availability.reason());
        Optional<String> spec = workingSpec();
        Assumptions.assumeTrue(spec.isPresent(),
                () -> "skipped: no '" + provider.name() + "' source opens on this machine");

        FrameSource source = provider.open(SourceSpec.parse(spec.get()), workingOptions());
        try {
            assertNotNull(source.info(), "info of " + spec.get());
            Frame first = source.grab();
            assertTrue(first.sequence() >= 1, "sequence numbers start at 1, got " + first.sequence());
            assertTrue(first.width() > 0 && first.height() > 0, "size " + first.width() + "x" + first.height());
            Frame second = source.grab();
            assertTrue(second.sequence() > first.sequence(),
                    "sequence " + second.sequence() + " after " + first.sequence());
        } finally {
            source.close();
        }
        assertDoesNotThrow(source::close, "closing twice is harmless");
    }
}
