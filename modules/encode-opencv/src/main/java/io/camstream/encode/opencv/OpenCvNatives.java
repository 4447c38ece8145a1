package io.camstream.encode.opencv;

import io.camstream.capture.spi.Availability;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;

/**
 * Loads OpenCV's natives once per JVM (about a second) and remembers whether that worked, so the
 * cost is paid at start-up when the registry asks for availability, never on the request path.
 */
final class OpenCvNatives {

    private static final Availability AVAILABILITY = load();

    private OpenCvNatives() {
    }

    static Availability availability() {
        return AVAILABILITY;
    }

    /** The OpenCV version string, e.g. {@code 4.13.0}, once loaded. */
    static String version() {
        return org.bytedeco.opencv.global.opencv_core.CV_VERSION;
    }

    private static Availability load() {
        try {
            Loader.load(opencv_imgproc.class);
            Loader.load(opencv_imgcodecs.class);
            return Availability.yes();
        } catch (Throwable e) {
            // UnsatisfiedLinkError without this platform's native jar, NoClassDefFoundError without the preset.
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            return Availability.no("OpenCV natives could not be loaded for " + platform + ": " + e
                    + " (is org.bytedeco:opencv with this platform's classifier on the path?)");
        }
    }
}
