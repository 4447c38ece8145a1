package io.camstream.capture.javacv;

import io.camstream.capture.spi.Availability;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_videoio;

/**
 * Loads FFmpeg's and OpenCV's natives at most once per JVM and remembers whether that worked, so
 * that {@code availability()} never throws and the cost (about a second each) is paid once.
 *
 * <p>FFmpeg is loaded library by library, only those that files and streams need: not
 * {@code avdevice} (which JavaCV's {@code FFmpegFrameGrabber} always loads), whose native library
 * links PulseAudio's {@code libpulse.so.0}, absent from minimal and server installs.
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

    /** The JNI libraries loaded for FFmpeg, as JavaCPP extracted them; empty unless {@link #ffmpeg()} is available. */
    static List<String> ffmpegLibraries() {
        return Ffmpeg.AVAILABILITY.available() ? List.copyOf(Ffmpeg.LIBRARIES) : List.of();
    }

    // Holder classes: each library loads on first use only, so listing sources loads nothing twice.
    private static final class Ffmpeg {
        static final List<String> LIBRARIES = new ArrayList<>();
        static final Availability AVAILABILITY = load("FFmpeg", () -> {
            // In dependency order; swresample because avcodec's library links it.
            for (Class<?> library : List.of(avutil.class, swresample.class, avcodec.class, avformat.class,
                    swscale.class)) {
                LIBRARIES.add(Loader.load(library));
            }
            avformat.avformat_network_init();
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
            String hint = " (is org.bytedeco's jar with this platform's classifier on the path?)";
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
