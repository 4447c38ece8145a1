package io.camstream.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Writes short video clips for tests with FFmpeg's own libraries (JavaCPP's {@code org.bytedeco.ffmpeg}
 * presets), so that no binary fixture is committed and nothing needs PulseAudio: JavaCV's
 * {@code FFmpegFrameRecorder} would load {@code avdevice}, whose native library links {@code libpulse.so.0}.
 * Needs {@code org.bytedeco:ffmpeg} with this platform's natives on the test path.
 */
public final class VideoClips {

    /** MPEG-4 Part 2: always built into FFmpeg, decoded by every player. */
    public static final String MPEG4 = "mpeg4";
    /** Motion JPEG: every frame a whole JPEG. */
    public static final String MJPEG = "mjpeg";

    private VideoClips() {
    }

    /** Null when FFmpeg's natives (without {@code avdevice}) load here, else why not. */
    public static String unavailable() {
        return Loading.PROBLEM;
    }

    private static final class Loading {
        static final String PROBLEM = load();

        private static String load() {
            try {
                for (Class<?> library : List.of(avutil.class, swresample.class, avcodec.class, avformat.class,
                        swscale.class)) {
                    Loader.load(library);
                }
                avutil.av_log_set_level(avutil.AV_LOG_ERROR);
                return null;
            } catch (Throwable e) {
                return "FFmpeg's natives do not load: " + e;
            }
        }
    }

    /**
     * Writes {@code frames} pictures to {@code file}, in the container its name asks for (.mp4,
     * .mkv, .avi, ...). An mp4 has its index ("moov") at the front, so that it streams over HTTP
     * without seeking.
     *
     * @param codec {@link #MPEG4} or {@link #MJPEG}
     * @param fps the rate the container states
     * @param picture packed BGR24 pixels of frame {@code index} (from 0)
     * @return {@code file}
     */
    public static Path write(Path file, String codec, double fps, int frames, int width, int height,
            IntFunction<byte[]> picture) throws IOException {
        if (unavailable() != null) {
            throw new IOException(unavailable());
        }
        boolean mjpeg = MJPEG.equals(codec);
        AVFormatContext output = new AVFormatContext(null);
        check(avformat.avformat_alloc_output_context2(output, null, (String) null, file.toString()), "container of "
                + file);
        AVCodec encoder = avcodec.avcodec_find_encoder(mjpeg ? avcodec.AV_CODEC_ID_MJPEG : avcodec.AV_CODEC_ID_MPEG4);
        AVCodecContext context = avcodec.avcodec_alloc_context3(encoder);
        AVFrame yuv = avutil.av_frame_alloc();
        AVPacket packet = avcodec.av_packet_alloc();
        SwsContext scaler = null;
        try {
            int format = mjpeg ? avutil.AV_PIX_FMT_YUVJ420P : avutil.AV_PIX_FMT_YUV420P;
            context.width(width).height(height).pix_fmt(format).gop_size(12).max_b_frames(0);
            context.time_base(avutil.av_inv_q(avutil.av_d2q(fps, 1001 * 1000)));
            context.framerate(avutil.av_d2q(fps, 1001 * 1000));
            // Generous for small test pictures, so that stamps drawn into them survive.
            context.bit_rate(mjpeg ? 8_000_000 : 2_000_000);
            if ((output.oformat().flags() & avformat.AVFMT_GLOBALHEADER) != 0) {
                context.flags(context.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
            }
            check(avcodec.avcodec_open2(context, encoder, (AVDictionary) null), codec + " encoder");
            AVStream stream = avformat.avformat_new_stream(output, null);
            check(avcodec.avcodec_parameters_from_context(stream.codecpar(), context), "stream parameters");
            stream.time_base(context.time_base());
            stream.avg_frame_rate(context.framerate());
            AVIOContext io = new AVIOContext(null);
            check(avformat.avio_open(io, file.toString(), avformat.AVIO_FLAG_WRITE), "opening " + file);
            output.pb(io);
            AVDictionary options = new AVDictionary(null);
            avutil.av_dict_set(options, "movflags", "+faststart", 0);
            int header = avformat.avformat_write_header(output, options);
            avutil.av_dict_free(options);
            check(header, "header of " + file);

            yuv.width(width).height(height).format(format);
            check(avutil.av_frame_get_buffer(yuv, 0), "picture buffer");
            scaler = swscale.sws_getContext(width, height, avutil.AV_PIX_FMT_BGR24, width, height, format,
                    swscale.SWS_BICUBIC, null, null, (DoublePointer) null);
            for (int index = 0; index < frames; index++) {
                byte[] bgr = picture.apply(index);
                check(avutil.av_frame_make_writable(yuv), "picture buffer");
                // Four planes and strides, as swscale reads them all, whatever the format uses.
                try (BytePointer pixels = new BytePointer(bgr);
                        PointerPointer<BytePointer> planes = new PointerPointer<>(pixels, null, null, null);
                        IntPointer stride = new IntPointer(new int[] {width * 3, 0, 0, 0})) {
                    swscale.sws_scale(scaler, planes, stride, 0, height, yuv.data(), yuv.linesize());
                }
                yuv.pts(index);
                check(avcodec.avcodec_send_frame(context, yuv), "encoding frame " + index);
                writePackets(output, context, stream, packet);
            }
            check(avcodec.avcodec_send_frame(context, null), "flushing the encoder");
            writePackets(output, context, stream, packet);
            check(avformat.av_write_trailer(output), "trailer of " + file);
        } finally {
            swscale.sws_freeContext(scaler);
            avcodec.av_packet_free(packet);
            avutil.av_frame_free(yuv);
            avcodec.avcodec_free_context(context);
            if (output.pb() != null) {
                avformat.avio_closep(output.pb());
            }
            avformat.avformat_free_context(output);
        }
        return file;
    }

    private static void writePackets(AVFormatContext output, AVCodecContext context, AVStream stream, AVPacket packet)
            throws IOException {
        while (true) {
            int received = avcodec.avcodec_receive_packet(context, packet);
            if (received == avutil.AVERROR_EAGAIN() || received == avutil.AVERROR_EOF) {
                return;
            }
            check(received, "encoding");
            avcodec.av_packet_rescale_ts(packet, context.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(avformat.av_interleaved_write_frame(output, packet), "writing a packet");
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] text = new byte[256];
            avutil.av_strerror(result, text, text.length);
            String reason = new String(text, StandardCharsets.UTF_8).replace("\0", "").strip();
            throw new IOException(what + " failed: " + reason.toLowerCase(Locale.ROOT));
        }
    }
}
