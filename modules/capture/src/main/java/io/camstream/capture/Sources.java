package io.camstream.capture;

import io.camstream.capture.spi.SourceProvider;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The kinds of source found with {@link ServiceLoader}: the registry behind {@code --source} and
 * {@code camstream sources}.
 */
public final class Sources {

    private final List<SourceProvider> providers;

    private Sources(List<SourceProvider> providers) {
        // The built-in pattern first, then by name, so listings and messages are stable.
        this.providers = providers.stream()
                .sorted(Comparator.comparing((SourceProvider p) -> !p.name().equals(TestPatternSourceProvider.NAME))
                        .thenComparing(SourceProvider::name))
                .toList();
    }

    /** Every provider visible to this module's layer or the context class loader. */
    public static Sources discover() {
        return of(ServiceLoader.load(SourceProvider.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** A registry of exactly these providers (handy for embedding and tests). */
    public static Sources of(List<SourceProvider> providers) {
        return new Sources(providers);
    }

    public List<SourceProvider> all() {
        return providers;
    }

    public Optional<SourceProvider> find(String scheme) {
        return providers.stream().filter(p -> p.schemes().contains(scheme)).findFirst();
    }

    /**
     * The provider for this source, ready to use.
     *
     * @throws IllegalArgumentException naming the unsupported source and listing the supported
     *     forms, or saying why a known kind is unavailable here
     */
    public SourceProvider require(SourceSpec spec) {
        SourceProvider provider = find(spec.scheme()).orElseThrow(() -> unsupported(spec.redacted()));
        if (!provider.availability().available()) {
            throw new IllegalArgumentException("source kind '" + provider.name() + "' is not available here: "
                    + provider.availability().reason() + "; supported: " + describeForms());
        }
        return provider;
    }

    /**
     * Parses a {@code --source} value.
     *
     * @throws IllegalArgumentException when it is malformed, listing the supported forms
     */
    public SourceSpec parse(String source) {
        try {
            return SourceSpec.parse(source);
        } catch (IllegalArgumentException e) {
            throw unsupported(SourceSecrets.in(source).redacted());
        }
    }

    /**
     * Opens a {@code --source} value.
     *
     * @throws IllegalArgumentException when it is malformed, unsupported or unavailable here
     * @throws SourceUnavailableException when it can never work as given
     * @throws IOException when opening failed in a way that may pass
     * @see #open(SourceSpec, SourceOptions)
     */
    public FrameSource open(String source, SourceOptions options) throws IOException, InterruptedException {
        return open(parse(source), options);
    }

    /**
     * Opens a source. This is where a source's secrets stop: whatever its provider says, the source's
     * description and failures, and the failures of opening it, show the spec's secrets masked (see
     * {@link SourceSpec#scrub(IOException)}), so no provider, present or future, can leak a password
     * into a log line or a client's {@code Describe}.
     *
     * @throws IllegalArgumentException when it is malformed, unsupported or unavailable here
     * @throws SourceUnavailableException when it can never work as given
     * @throws IOException when opening failed in a way that may pass
     */
    public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException, InterruptedException {
        SourceProvider provider = require(spec);
        FrameSource source;
        try {
            source = provider.open(spec, options);
        } catch (IOException e) {
            throw spec.scrub(e);
        } catch (RuntimeException e) {
            throw spec.scrub(e);
        }
        return new ScrubbedSource(spec, source);
    }

    /** The forms every available kind accepts, e.g. {@code "pattern, camera:INDEX, file:PATH"}. */
    public String describeForms() {
        String forms = providers.stream().filter(p -> p.availability().available())
                .flatMap(p -> p.forms().stream()).collect(Collectors.joining(", "));
        return forms.isEmpty() ? "(none)" : forms;
    }

    /** @param shown the source as it may be shown, without its secrets */
    private IllegalArgumentException unsupported(String shown) {
        return new IllegalArgumentException("unsupported source '" + shown + "'; supported: " + describeForms());
    }
}
