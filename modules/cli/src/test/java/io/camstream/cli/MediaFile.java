package io.camstream.cli;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * A video file as FFmpeg's demuxer reads it back, as a player would: the container, the stream's codec and size,
 * and every packet with its timestamp in seconds. Independent of the code that wrote it (only FFmpeg is shared).
 *
 * @param container the demuxer's name, e.g. "matroska,webm"
 * @param codecId the stream's {@code AV_CODEC_ID_*}
 * @param packets in file order
 */
record MediaFile(String container, int codecId, int width, int height, List<Packet> packets) {

    /** @param seconds presentation time, from the stream's time base */
    record Packet(double seconds, byte[] data) {
    }

    static MediaFile read(Path file) throws IOException {
        AVFormatContext context = new AVFormatContext(null);
        if (avformat_open_input(context, file.toString(), (AVInputFormat) null, (AVDictionary) null) < 0) {
            throw new IOException("FFmpeg cannot open " + file);
        }
        AVPacket packet = av_packet_alloc();
        try {
            if (avformat_find_stream_info(context, (AVDictionary) null) < 0 || context.nb_streams() != 1) {
                throw new IOException("expected one stream in " + file + ", found " + context.nb_streams());
            }
            AVStream stream = context.streams(0);
            AVCodecParameters codec = stream.codecpar();
            double timeBase = av_q2d(stream.time_base());
            List<Packet> packets = new ArrayList<>();
            while (av_read_frame(context, packet) >= 0) {
                byte[] data = new byte[packet.size()];
                packet.data().get(data);
                packets.add(new Packet(packet.pts() * timeBase, data));
                av_packet_unref(packet);
            }
            return new MediaFile(context.iformat().name().getString(), codec.codec_id(), codec.width(),
                    codec.height(), packets);
        } finally {
            av_packet_free(packet);
            avformat_close_input(context);
        }
    }

    /** Seconds from the first packet's timestamp to the last's. */
    double span() {
        return packets.get(packets.size() - 1).seconds() - packets.get(0).seconds();
    }
}
