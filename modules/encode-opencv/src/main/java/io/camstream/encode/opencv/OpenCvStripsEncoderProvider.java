package io.camstream.encode.opencv;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code opencv-strips} encoder: the {@code opencv} encoder's JPEG, with big frames cut into
 * horizontal strips encoded on all cores and joined with restart markers, for less latency per
 * frame at the same CPU cost. Ranked below {@code opencv}: a server encoding several variants at
 * once already keeps its cores busy, and there the strips only add the joining.
 */
public final class OpenCvStripsEncoderProvider implements EncoderProvider {

    public static final String NAME = "opencv-strips";

    private final StripPlan.Limits limits;

    public OpenCvStripsEncoderProvider() {
        this(StripPlan.Limits.forThisMachine());
    }

    /** For tests: strips for frames of any size, or more strips than cores. */
    OpenCvStripsEncoderProvider(StripPlan.Limits limits) {
        this.limits = limits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "JPEG via OpenCV imencode (libjpeg-turbo), frames of 1 MP and more in " + limits.maxStrips()
                + " strips on all cores, joined with restart markers; native";
    }

    @Override
    public int priority() {
        return 90;
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
            throw new IllegalStateException("encoder '" + NAME + "' is not available: " + availability.reason());
        }
        return new OpenCvStripsEncoder(options, limits);
    }
}
