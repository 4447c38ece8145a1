package io.camstream.encode;

import io.camstream.encode.spi.EncoderProvider;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The encoder plugins found with {@link ServiceLoader}, best first: the registry behind
 * {@code --encoder} and {@code camstream encoders}.
 */
public final class Encoders {

    private static final Comparator<EncoderProvider> BEST_FIRST =
            Comparator.comparingInt(EncoderProvider::priority).reversed().thenComparing(EncoderProvider::name);

    private final List<EncoderProvider> providers;

    private Encoders(List<EncoderProvider> providers) {
        this.providers = providers.stream().sorted(BEST_FIRST).toList();
    }

    /** Every plugin visible to this module's layer or the context class loader. */
    public static Encoders discover() {
        return of(ServiceLoader.load(EncoderProvider.class).stream().map(ServiceLoader.Provider::get).toList());
    }

    /** A registry of exactly these providers (handy for embedding and tests). */
    public static Encoders of(List<EncoderProvider> providers) {
        return new Encoders(providers);
    }

    /** All providers, best first, available or not. */
    public List<EncoderProvider> all() {
        return providers;
    }

    public Optional<EncoderProvider> find(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * The provider with this name, ready to use.
     *
     * @throws IllegalArgumentException naming the unknown encoder and listing the known ones, or
     *     saying why a known one is unavailable
     */
    public EncoderProvider require(String name) {
        EncoderProvider provider = find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown encoder '" + name + "'; available encoders: " + describeNames()));
        if (!provider.availability().available()) {
            throw new IllegalArgumentException("encoder '" + name + "' is not available: "
                    + provider.availability().reason() + "; available encoders: " + describeNames());
        }
        return provider;
    }

    /**
     * The highest-priority available provider.
     *
     * @throws IllegalStateException when there is none, listing what was found and why it cannot run
     */
    public EncoderProvider best() {
        return providers.stream().filter(p -> p.availability().available()).findFirst()
                .orElseThrow(() -> new IllegalStateException(providers.isEmpty()
                        ? "no encoder plugin found; put one (e.g. io.camstream.encode.imageio) on the module path"
                        : "no encoder plugin is available: " + providers.stream()
                                .map(p -> p.name() + " (" + p.availability().reason() + ")")
                                .collect(Collectors.joining(", "))));
    }

    /** Names of available providers, best first, e.g. {@code "opencv, imageio"}. */
    public String describeNames() {
        String names = providers.stream().filter(p -> p.availability().available())
                .map(EncoderProvider::name).collect(Collectors.joining(", "));
        return names.isEmpty() ? "(none)" : names;
    }
}
