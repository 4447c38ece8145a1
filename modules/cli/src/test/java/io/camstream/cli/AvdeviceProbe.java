package io.camstream.cli;

import org.bytedeco.ffmpeg.global.avdevice;
import org.bytedeco.javacpp.Loader;

/**
 * Loads FFmpeg's {@code avdevice} as JavaCV's FFmpegFrameGrabber does, and prints what happened:
 * run by {@link NoPulseAudioIT} where libpulse.so.0 is hidden, to show that the hiding bites.
 */
public final class AvdeviceProbe {

    private AvdeviceProbe() {
    }

    public static void main(String[] args) {
        try {
            Loader.load(avdevice.class);
            System.out.println("avdevice loaded");
        } catch (Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.out.println("avdevice failed: " + cause.getMessage());
        }
    }
}
