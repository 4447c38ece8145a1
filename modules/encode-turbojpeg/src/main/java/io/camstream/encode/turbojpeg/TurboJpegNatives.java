package io.camstream.encode.turbojpeg;

import io.camstream.capture.spi.Availability;
import org.libjpegturbo.turbojpeg.TJ;
import org.libjpegturbo.turbojpeg.TJCompressor;

/**
 * Loads libturbojpeg once per JVM and remembers whether that worked, so that discovery never throws
 * and the request path never pays for a failed load.
 */
final class TurboJpegNatives {

    /** What to install when the library or the binding is missing, on Debian and its derivatives. */
    static final String PACKAGES = "libturbojpeg-java libturbojpeg0-dev";

    private static final Availability AVAILABILITY = load();

    private TurboJpegNatives() {
    }

    static Availability availability() {
        return AVAILABILITY;
    }

    private static Availability load() {
        try {
            // TJCompressor's static initialiser loads the library (System.loadLibrary, then Debian's
            // absolute path); a compressor and a buffer size prove the JNI functions are really bound.
            new TJCompressor().close();
            TJ.bufSize(16, 16, TJ.SAMP_GRAY);
            return Availability.yes();
        } catch (Throwable e) {
            // UnsatisfiedLinkError without libturbojpeg.so, NoClassDefFoundError without the binding's classes.
            return Availability.no("libjpeg-turbo's TurboJPEG Java binding could not be loaded: " + e
                    + " (on Debian: apt-get install " + PACKAGES + ")");
        }
    }
}
