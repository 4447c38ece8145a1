package io.camstream.capture.javacv;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Decodes one video stream with {@code avcodec} and converts its pictures with {@code swscale} to
 * packed BGR24 at the output size, whatever size and pixel format the stream switches to.
 */
final class FFmpegDecoder implements AutoCloseable {

    /** Broken packets in a row before the stream counts as undecodable rather than glitchy. */
    private static final int MAX_BAD_PACKETS = 100;

    private final AVCodecContext codec;
    private final AVFrame decoded = avutil.av_frame_alloc();
    private final AVFrame bgr = avutil.av_frame_alloc();
    private final int width;
    private final int height;
    private SwsContext scaler;
    private int badPackets;
    private boolean lastScaled;
    private boolean closed;

    private FFmpegDecoder(AVCodecContext codec, int width, int height) {
        this.codec = codec;
        this.width = width;
        this.height = height;
    }

    /**
     * Opens the decoder of {@code stream}.
     *
     * @param width output width, or 0 for the stream's own
     * @param height output height, or 0 for the stream's own
     * @param lowLatency true to decode each packet's picture before the next packet, as live streams
     *     and MJPEG passthrough need: on one thread, since frame threads hold pictures back, and with
     *     slice threads ({@code thread_type=slice}) H.264 over RTSP decoded to all-zero pictures here
     */
    static FFmpegDecoder open(AVStream stream, AVCodec decoder, String name, int width, int height,
            boolean lowLatency) throws IOException {
        AVCodecContext codec = avcodec.avcodec_alloc_context3(decoder);
        if (codec == null) {
            throw new IOException("cannot decode " + name + ": out of memory");
        }
        try {
            check(avcodec.avcodec_parameters_to_context(codec, stream.codecpar()), "cannot decode " + name);
            codec.pkt_timebase(stream.time_base());
            AVDictionary options = new AVDictionary(null);
            avutil.av_dict_set(options, "threads", lowLatency ? "1" : "auto", 0);
            int opened = avcodec.avcodec_open2(codec, decoder, options);
            avutil.av_dict_free(options);
            check(opened, "cannot decode " + name);
            int outputWidth = width > 0 ? width : codec.width();
            int outputHeight = height > 0 ? height : codec.height();
            if (outputWidth <= 0 || outputHeight <= 0) {
                throw new IOException(name + " has no video stream (no picture size)");
            }
            return new FFmpegDecoder(codec, outputWidth, outputHeight);
        } catch (IOException | RuntimeException e) {
            avcodec.avcodec_free_context(codec);
            throw e;
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The decoder's name as FFmpeg calls it, e.g. {@code mpeg4}, {@code h264}, {@code mjpeg}. */
    String codecName() {
        return codec.codec().name().getString();
    }

    boolean mjpeg() {
        return codec.codec_id() == avcodec.AV_CODEC_ID_MJPEG;
    }

    /** Whether the last picture was resized: its compressed packet then no longer stands for it. */
    boolean lastScaled() {
        return lastScaled;
    }

    /**
     * Hands a packet to the decoder; a packet it cannot decode is skipped (a glitch of a live
     * stream), unless too many in a row fail. Only call after {@link #receive()} returned null.
     *
     * @param packet the next packet, or null to drain the pictures still held at the end of the input
     */
    void send(AVPacket packet, String name) throws IOException {
        int sent = avcodec.avcodec_send_packet(codec, packet);
        if (sent >= 0 || FFmpegErrors.endOfFile(sent)) {
            return;
        }
        if (++badPackets > MAX_BAD_PACKETS) {
            throw new IOException("cannot decode " + name + ": " + FFmpegErrors.text(sent) + " (" + badPackets
                    + " packets in a row)");
        }
    }

    /**
     * The next decoded picture in BGR24, rows packed, or null when the decoder needs another
     * packet or, after {@code send(null)}, has nothing left.
     */
    byte[] receive(String name) throws IOException {
        int received = avcodec.avcodec_receive_frame(codec, decoded);
        if (FFmpegErrors.tryAgain(received) || FFmpegErrors.endOfFile(received)) {
            return null;
        }
        if (received < 0) {
            throw new IOException("cannot decode " + name + ": " + FFmpegErrors.text(received));
        }
        badPackets = 0;
        try {
            return toBgr(name);
        } finally {
            avutil.av_frame_unref(decoded);
        }
    }

    /** Forgets held pictures and the end of input, to decode again from a rewound start. */
    void restart() {
        avcodec.avcodec_flush_buffers(codec);
    }

    private byte[] toBgr(String name) throws IOException {
        lastScaled = decoded.width() != width || decoded.height() != height;
        scaler = swscale.sws_getCachedContext(scaler, decoded.width(), decoded.height(), decoded.format(),
                width, height, avutil.AV_PIX_FMT_BGR24, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new IOException("cannot convert the pictures of " + name + " to BGR");
        }
        if (bgr.width() != width || bgr.height() != height || bgr.format() != avutil.AV_PIX_FMT_BGR24) {
            avutil.av_frame_unref(bgr);
            bgr.width(width).height(height).format(avutil.AV_PIX_FMT_BGR24);
            check(avutil.av_frame_get_buffer(bgr, 0), "cannot convert the pictures of " + name);
        }
        swscale.sws_scale(scaler, decoded.data(), decoded.linesize(), 0, decoded.height(), bgr.data(), bgr.linesize());
        int stride = bgr.linesize(0);
        ByteBuffer rows = bgr.data(0).capacity((long) stride * height).asByteBuffer();
        return Pictures.packed(rows, width, height, 3, stride);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            swscale.sws_freeContext(scaler);
            avutil.av_frame_free(bgr);
            avutil.av_frame_free(decoded);
            avcodec.avcodec_free_context(codec);
        }
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            throw new IOException(what + ": " + FFmpegErrors.text(result));
        }
    }
}
