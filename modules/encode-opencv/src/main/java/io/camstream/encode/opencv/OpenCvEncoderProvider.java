package io.camstream.encode.opencv;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** The {@code opencv} encoder: libjpeg-turbo through OpenCV's {@code imencode}, the fastest here. */
public final class OpenCvEncoderProvider implements EncoderProvider {

    public static final String NAME = "opencv";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        Availability availability = availability();
        return "JPEG via OpenCV " + (availability.available() ? OpenCvNatives.version() + " " : "")
                + "cvtColor + imencode (libjpeg-turbo); native";
    }

    /** First choice when available: several times faster than the pure-Java path for the same output. */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Availability availability() {
        return OpenCvNatives.availability();
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
            throw new IllegalStateException("encoder 'opencv' is not available: " + availability.reason());
        }
        return new OpenCvJpegEncoder(options);
    }
}
