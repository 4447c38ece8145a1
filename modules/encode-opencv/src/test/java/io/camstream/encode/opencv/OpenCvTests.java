package io.camstream.encode.opencv;

import io.camstream.capture.Frame;
import io.camstream.capture.TestPatternSource;
import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.testkit.Prerequisite;

/** What the strip tests share: OpenCV's natives or a clear skip, and camera-like frames. */
final class OpenCvTests {

    private OpenCvTests() {
    }

    /** Skips the calling test (fails it under CI=true) when OpenCV's natives cannot be loaded here. */
    static void requireNatives() {
        Availability natives = OpenCvNatives.availability();
        Prerequisite.require(natives.available(), "OpenCV natives: " + natives.reason());
    }

    /** A BGR frame of the built-in test pattern: texture, gradients, noise, the stamp. */
    static Frame frame(int width, int height) throws Exception {
        try (TestPatternSource source = new TestPatternSource(width, height, 1000)) {
            return source.grab();
        }
    }

    /** The same frame as the {@code opencv} encoder's single-pass JPEG and as joined strips, at quality 95. */
    record Pair(byte[] single, byte[] joined) {
    }

    static Pair encodeBoth(int width, int height, ColorMode mode, int strips) throws Exception {
        Frame frame = frame(width, height);
        EncoderOptions options = new EncoderOptions(95, mode);
        StripPlan.Limits limits = new StripPlan.Limits(strips, 0, 2);
        try (FrameEncoder onePass = new OpenCvEncoderProvider().create(options);
                FrameEncoder cut = new OpenCvStripsEncoderProvider(limits).create(options)) {
            return new Pair(onePass.encode(frame).data(), cut.encode(frame).data());
        }
    }
}
