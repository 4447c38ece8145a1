package io.camstream.capture.javacv;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.testkit.VideoClips;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writes short test clips with FFmpeg, so that no binary fixture needs to be committed. */
final class Clips {

    private Clips() {
    }

    /**
     * Test-pattern frames at 30 fps in MPEG-4 Part 2 (always built into FFmpeg), each stamped with
     * its index from 1 and a capture time of index milliseconds, with the index block ("moov") at
     * the front so that it streams over HTTP without seeking.
     */
    static Path write(Path file, int frames, int width, int height) throws Exception {
        return write(file, VideoClips.MPEG4, frames, width, height);
    }

    /** As {@link #write(Path, int, int, int)}, in {@code codec} ({@link VideoClips#MJPEG} in .mkv or .avi). */
    static Path write(Path file, String codec, int frames, int width, int height) throws Exception {
        List<byte[]> pictures = new ArrayList<>();
        try (TestPatternSource pattern = new TestPatternSource(width, height, 1000)) {
            for (int index = 1; index <= frames; index++) {
                Frame frame = pattern.grab();
                FrameStamp.draw(frame.pixels(), width, height, PixelFormat.BGR24, index, index * 1000L);
                pictures.add(frame.pixels());
            }
        }
        return VideoClips.write(file, codec, 30, frames, width, height, pictures::get);
    }

    /** The clip index stamped into a decoded frame, or -1 when the stamp is unreadable. */
    static long index(Frame frame) {
        return FrameStamp.read(frame).map(FrameStamp.Reading::sequenceLow32).orElse(-1L);
    }
}
