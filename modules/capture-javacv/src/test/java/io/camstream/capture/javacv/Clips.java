package io.camstream.capture.javacv;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;

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
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0);
                TestPatternSource pattern = new TestPatternSource(width, height, 1000)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(30);
            recorder.setVideoBitrate(2_000_000); // generous for 320x240, so that the stamps survive
            recorder.setOption("movflags", "+faststart");
            recorder.start();
            org.bytedeco.javacv.Frame picture = new org.bytedeco.javacv.Frame(width, height,
                    org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3);
            for (int index = 1; index <= frames; index++) {
                Frame frame = pattern.grab();
                FrameStamp.draw(frame.pixels(), width, height, PixelFormat.BGR24, index, index * 1000L);
                ByteBuffer buffer = (ByteBuffer) picture.image[0];
                for (int row = 0; row < height; row++) {
                    buffer.put(row * picture.imageStride, frame.pixels(), row * width * 3, width * 3);
                }
                recorder.record(picture, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.stop();
        }
        return file;
    }

    /** The clip index stamped into a decoded frame, or -1 when the stamp is unreadable. */
    static long index(Frame frame) {
        return FrameStamp.read(frame).map(FrameStamp.Reading::sequenceLow32).orElse(-1L);
    }
}
