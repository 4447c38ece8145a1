package io.camstream.encode.spi;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import java.util.Set;

/**
 * An encoder plugin, found with {@link java.util.ServiceLoader}. Declare it both with
 * {@code provides io.camstream.encode.spi.EncoderProvider with ...} in module-info and in
 * {@code META-INF/services/io.camstream.encode.spi.EncoderProvider}, so it is found on the module
 * path and on the class path alike.
 *
 * <p>Providers must be cheap to construct: loading natives belongs in {@link #availability()} (done
 * once and remembered) or {@link #create}, never in the constructor.
 */
public interface EncoderProvider {

    /** Stable id used on the command line and in the protocol, lower case, e.g. {@code opencv}. */
    String name();

    /** One line for {@code camstream encoders}. */
    String description();

    /** Higher wins when no encoder is named; ties are broken by name. */
    int priority();

    /** Never throws: reports unavailability (e.g. missing natives) with a reason instead. */
    Availability availability();

    /** The colour modes this encoder can produce. */
    Set<ColorMode> colorModes();

    /** Lowest JPEG quality this encoder honours. */
    default int minQuality() {
        return 1;
    }

    /** Highest JPEG quality this encoder honours. */
    default int maxQuality() {
        return 100;
    }

    /**
     * Checks that this encoder can honour these options.
     *
     * @throws IllegalArgumentException saying which option is unsupported and what is supported
     */
    default void checkSupports(EncoderOptions options) {
        if (!colorModes().contains(options.color())) {
            throw new IllegalArgumentException("encoder '" + name() + "' cannot encode " + options.color()
                    + "; it supports " + colorModes());
        }
        if (options.quality() < minQuality() || options.quality() > maxQuality()) {
            throw new IllegalArgumentException("encoder '" + name() + "' supports quality " + minQuality() + ".."
                    + maxQuality() + ", got " + options.quality());
        }
    }

    /**
     * A new encoder with these options; implementations call {@link #checkSupports} first.
     *
     * @throws NullPointerException when options is null
     * @throws IllegalArgumentException when the options are not supported, saying which and why
     * @throws IllegalStateException when the provider is not available
     */
    FrameEncoder create(EncoderOptions options);
}
