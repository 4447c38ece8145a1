package io.camstream.capture.javacv;

import io.camstream.capture.SourceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * One opened file or stream, demuxed by FFmpeg's {@code avformat}: its best video stream and the
 * packets of that stream. Every blocking call is bounded by the network timeout (none for files)
 * and returns at once after {@link #interrupt()}.
 */
final class FFmpegInput implements AutoCloseable {

    private final AVFormatContext context;
    private final Interruption interruption;
    private final String name;
    private final Duration timeout;
    private final int streamIndex;
    private final AVStream stream;
    private final AVCodec decoder;
    private boolean closed;

    private FFmpegInput(AVFormatContext context, Interruption interruption, String name, Duration timeout,
            int streamIndex, AVCodec decoder) {
        this.context = context;
        this.interruption = interruption;
        this.name = name;
        this.timeout = timeout;
        this.streamIndex = streamIndex;
        this.stream = context.streams(streamIndex);
        this.decoder = decoder;
    }

    /**
     * Opens {@code location} and finds its video stream.
     *
     * @param name how messages name it (a URL redacted)
     * @param options protocol and demuxer options
     * @param timeout the bound of each blocking call, or null for none (local files)
     * @throws SourceUnavailableException when the server refused the credentials
     * @throws IOException when FFmpeg cannot open it or it has no video
     */
    static FFmpegInput open(String location, String name, Map<String, String> options, Duration timeout)
            throws IOException {
        AVFormatContext context = avformat.avformat_alloc_context();
        if (context == null) {
            throw new IOException("cannot open " + name + ": out of memory");
        }
        Interruption interruption = new Interruption(context);
        AVDictionary dictionary = new AVDictionary(null);
        options.forEach((key, value) -> avutil.av_dict_set(dictionary, key, value, 0));
        bound(interruption, timeout);
        // On failure avformat_open_input frees the context itself.
        int opened = avformat.avformat_open_input(context, location, null, dictionary);
        avutil.av_dict_free(dictionary);
        if (opened < 0) {
            interruption.close();
            throw openFailure(name, opened, interruption, timeout);
        }
        try {
            bound(interruption, timeout);
            int found = avformat.avformat_find_stream_info(context, (AVDictionary) null);
            if (found < 0) {
                throw openFailure(name, found, interruption, timeout);
            }
            AVCodec decoder = new AVCodec(null);
            int index = avformat.av_find_best_stream(context, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, decoder, 0);
            if (index < 0 || decoder.isNull()) {
                throw new IOException(name + " has no video stream FFmpeg can decode");
            }
            return new FFmpegInput(context, interruption, name, timeout, index, decoder);
        } catch (IOException | RuntimeException e) {
            avformat.avformat_close_input(context);
            interruption.close();
            throw e;
        }
    }

    AVStream stream() {
        return stream;
    }

    AVCodec decoder() {
        return decoder;
    }

    /** The demuxer's name, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}, {@code mpjpeg}, {@code rtsp}. */
    String format() {
        return context.iformat().name().getString();
    }

    /** Recorded media has a duration; a live stream has none. */
    boolean live() {
        return context.duration() <= 0;
    }

    /**
     * Whether this input's packet timestamps are invented rather than read from the stream: some
     * demuxers have none at all, and {@code mpjpeg} (MJPEG over HTTP) numbers its parts at an
     * assumed 25 per second whatever the camera sends.
     */
    boolean inventsTimestamps() {
        return (context.iformat().flags() & avformat.AVFMT_NOTIMESTAMPS) != 0 || "mpjpeg".equals(format());
    }

    /** The rate the container or stream claims, or 0 when it claims none. */
    double claimedFps() {
        AVRational rate = stream.avg_frame_rate();
        if (rate.num() <= 0 || rate.den() <= 0) {
            rate = stream.r_frame_rate();
        }
        double fps = rate.num() > 0 && rate.den() > 0 ? (double) rate.num() / rate.den() : 0;
        return Double.isFinite(fps) && fps > 0 && fps <= 1000 ? fps : 0;
    }

    /**
     * Reads the next packet of the video stream into {@code packet} (the caller unreferences it).
     *
     * @return false at the end of the input
     * @throws IOException when reading failed, timed out or was interrupted
     */
    boolean read(AVPacket packet) throws IOException {
        while (true) {
            bound(interruption, timeout);
            int read = avformat.av_read_frame(context, packet);
            if (FFmpegErrors.endOfFile(read)) {
                return false;
            }
            if (read < 0) {
                throw failure("reading " + name + " failed", read);
            }
            if (packet.stream_index() == streamIndex) {
                return true;
            }
            avcodec.av_packet_unref(packet);
        }
    }

    /** Back to the first frame, to loop a file. */
    void rewind() throws IOException {
        long start = context.start_time() != avutil.AV_NOPTS_VALUE ? context.start_time() : 0;
        bound(interruption, timeout);
        int sought = avformat.avformat_seek_file(context, -1, Long.MIN_VALUE, start, start, 0);
        if (sought < 0) {
            throw failure("could not rewind " + name + " to loop it", sought);
        }
    }

    /** Makes a blocking call in progress, and every later one, return at once; any thread may call it. */
    void interrupt() {
        interruption.stop();
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            avformat.avformat_close_input(context);
            interruption.close();
        }
    }

    private IOException failure(String what, int code) {
        if (interruption.stopped()) {
            return new IOException(name + " is closed");
        }
        if (interruption.timedOut()) {
            return new IOException(what + ": no data for " + seconds(timeout));
        }
        return new IOException(what + ": " + FFmpegErrors.text(code));
    }

    private static IOException openFailure(String name, int code, Interruption interruption, Duration timeout) {
        if (FFmpegErrors.unauthorized(code)) {
            return new SourceUnavailableException("authentication failed for " + name
                    + ": the server refused the user name or password (" + FFmpegErrors.text(code) + ")");
        }
        if (interruption.stopped()) {
            return new IOException("cannot open " + name + ": closed while opening");
        }
        if (interruption.timedOut()) {
            return new IOException("cannot open " + name + ": no answer within " + seconds(timeout));
        }
        return new IOException("cannot open " + name + ": Could not open input (" + FFmpegErrors.text(code) + ")");
    }

    private static void bound(Interruption interruption, Duration timeout) {
        if (timeout == null) {
            interruption.noDeadline();
        } else {
            interruption.deadlineIn(timeout);
        }
    }

    private static String seconds(Duration timeout) {
        return timeout.toMillis() % 1000 == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() / 1000.0 + " s";
    }
}
