package io.camstream.cli;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;

/**
 * JPEG frames muxed as they are (MJPEG, no re-encoding) into Matroska or MP4 with FFmpeg's own muxers, through
 * JavaCPP's {@code avformat} bindings directly: JavaCV's {@code FFmpegFrameRecorder} would load {@code avdevice},
 * which links PulseAudio's client library, absent from most servers. Each packet's timestamp is its frame's
 * capture time counted from the first frame's, so a player shows the frames at the rate they were captured,
 * gaps and all.
 */
final class MuxedRecording implements Recording {

    private static final AVRational MICROSECONDS = av_make_q(1, 1_000_000);

    private final AVFormatContext context;
    private final AVStream stream;
    private final AVPacket packet = av_packet_alloc();
    private long firstMicros = -1;
    private long lastPts = -1;
    private long lastInterval;
    private boolean closed;

    private MuxedRecording(AVFormatContext context, AVStream stream) {
        this.context = context;
        this.stream = stream;
    }

    /** Creates the file and writes the container's header. */
    static MuxedRecording create(Path file, String muxer, int width, int height) throws IOException {
        String name = file.toString();
        AVFormatContext context = new AVFormatContext(null);
        check(avformat_alloc_output_context2(context, null, muxer, name), "cannot make a " + muxer + " file");
        try {
            AVStream stream = avformat_new_stream(context, null);
            if (stream == null) {
                throw new IOException("cannot add a video stream to " + file);
            }
            stream.codecpar().codec_type(AVMEDIA_TYPE_VIDEO).codec_id(AV_CODEC_ID_MJPEG).width(width).height(height);
            // A wish: the muxer picks its own time base (Matroska's is milliseconds) and timestamps are rescaled.
            stream.time_base(MICROSECONDS);
            if ((context.oformat().flags() & AVFMT_NOFILE) == 0) {
                AVIOContext io = new AVIOContext(null);
                check(avio_open(io, name, AVIO_FLAG_WRITE), "cannot write " + file);
                context.pb(io);
            }
            check(avformat_write_header(context, (AVDictionary) null), "cannot write the header of " + file);
            return new MuxedRecording(context, stream);
        } catch (IOException | RuntimeException e) {
            free(context);
            throw e;
        }
    }

    @Override
    public boolean write(byte[] jpeg, long captureEpochMicros) throws IOException {
        if (firstMicros < 0) {
            firstMicros = captureEpochMicros;
        }
        long pts = av_rescale_q(captureEpochMicros - firstMicros, MICROSECONDS, stream.time_base());
        if (pts <= lastPts) {
            return false;
        }
        if (lastPts >= 0) {
            lastInterval = pts - lastPts;
        }
        check(av_new_packet(packet, jpeg.length), "out of memory for a frame of " + jpeg.length + " bytes");
        packet.data().put(jpeg);
        // Each packet lasts as long as the interval before it: the best guess for the last one's duration.
        packet.pts(pts).dts(pts).duration(lastInterval).stream_index(stream.index()).flags(AV_PKT_FLAG_KEY);
        // Takes the packet's data over, and leaves the packet blank for the next frame.
        check(av_interleaved_write_frame(context, packet), "cannot write a frame");
        lastPts = pts;
        return true;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            check(av_write_trailer(context), "cannot finish the file");
        } finally {
            av_packet_free(packet);
            free(context);
        }
    }

    private static void free(AVFormatContext context) {
        if (context.pb() != null && !context.pb().isNull()) {
            avio_closep(context.pb());
            context.pb(null);
        }
        avformat_free_context(context);
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] message = new byte[256];
            av_strerror(result, message, message.length);
            int length = 0;
            while (length < message.length && message[length] != 0) {
                length++;
            }
            throw new IOException(what + ": " + new String(message, 0, length, StandardCharsets.UTF_8));
        }
    }
}
