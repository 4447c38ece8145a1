package io.camstream.encode.turbojpeg;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code turbojpeg} encoder: libjpeg-turbo's TurboJPEG API compressing the frame's BGR pixels
 * straight to JPEG, colour conversion included, reading and writing Java arrays in place.
 */
public final class TurboJpegEncoderProvider implements EncoderProvider {

    public static final String NAME = "turbojpeg";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "JPEG via libjpeg-turbo's TurboJPEG API straight from BGR, one pass (Debian's binding); native";
    }

    /**
     * Just below {@code opencv} (100), above {@code opencv-strips} (90): as fast as opencv for the
     * same pictures, but only present where Debian's packages are, so opencv stays the default and
     * this one is chosen by name.
     */
    @Override
    public int priority() {
        return 95;
    }

    @Override
    public Availability availability() {
        return TurboJpegNatives.availability();
    }

    @Override
    public Set<ColorMode> colorModes() {
        return EnumSet.allOf(ColorMode.class);
    }

    @Override
    public FrameEncoder create(EncoderOptions options) {
        Objects.requireNonNull(options, "options");
        checkSupports(options);
        Availability availability = availability();
        if (!availability.available()) {
            throw new IllegalStateException("encoder '" + NAME + "' is not available: " + availability.reason());
        }
        return new TurboJpegEncoder(options);
    }
}
