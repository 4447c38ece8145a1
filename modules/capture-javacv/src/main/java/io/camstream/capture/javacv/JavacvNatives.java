package io.camstream.capture.javacv;

import io.camstream.capture.spi.Availability;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_videoio;

/**
 * Loads FFmpeg's and OpenCV's natives at most once per JVM and remembers whether that worked, so
 * that {@code availability()} never throws and the cost (about a second each) is paid once.
 */
final class JavacvNatives {

    private JavacvNatives() {
    }

    static Availability ffmpeg() {
        return Ffmpeg.AVAILABILITY;
    }

    static Availability opencv() {
        return OpenCv.AVAILABILITY;
    }

    // Holder classes: each library loads on first use only, so listing sources loads nothing twice.
    private static final class Ffmpeg {
        static final Availability AVAILABILITY = load("FFmpeg", () -> {
            FFmpegFrameGrabber.tryLoad();
            // Errors only: FFmpeg's default dumps every input's streams to stderr and repeats its
            // warnings on every reconnect, while our own messages carry FFmpeg's error text.
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        });
    }

    private static final class OpenCv {
        static final Availability AVAILABILITY = load("OpenCV", () -> {
            Loader.load(opencv_core.class);
            Loader.load(opencv_videoio.class);
        });
    }

    private interface Loading {
        void run() throws Exception;
    }

    private static Availability load(String library, Loading loading) {
        try {
            loading.run();
            return Availability.yes();
        } catch (Throwable e) {
            // UnsatisfiedLinkError without this platform's native jar, NoClassDefFoundError without the preset.
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            String hint = causes(e).contains("libpulse")
                    // FFmpeg's device library links PulseAudio, which minimal Linux installs lack.
                    ? " (install PulseAudio's client library, e.g. apt-get install libpulse0)"
                    : " (is org.bytedeco's jar with this platform's classifier on the path?)";
            return Availability.no(library + " natives could not be loaded for " + platform + ": " + causes(e) + hint);
        }
    }

    /** The messages of a failure and its causes: the missing library is usually named deepest. */
    private static String causes(Throwable failure) {
        StringBuilder messages = new StringBuilder(failure.toString());
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause();
                cause = cause.getCause()) {
            messages.append("; caused by ").append(cause);
        }
        return messages.toString();
    }
}
