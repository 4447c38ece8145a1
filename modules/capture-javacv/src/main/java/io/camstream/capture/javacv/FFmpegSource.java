package io.camstream.capture.javacv;

import io.camstream.capture.CaptureClock;
import io.camstream.capture.EndOfSourceException;
import io.camstream.capture.Frame;
import io.camstream.capture.FramePacer;
import io.camstream.capture.FrameSource;
import io.camstream.capture.Jpeg;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * Frames of a video file or network stream, demuxed and decoded by FFmpeg's own libraries
 * ({@code avformat}, {@code avcodec}, {@code swscale}) into BGR24. Nothing here loads
 * {@code avdevice}, whose native library needs PulseAudio's: files and streams play on a bare machine.
 *
 * <p>Recorded media (it has a duration) is paced at its own frame rate, or at the requested one;
 * live streams pace themselves, since holding their frames back would only pile them up in
 * FFmpeg's buffers. A live stream whose container states no rate, or only an assumed one (MJPEG
 * over HTTP), reports the rate its frames really arrive at, measured while opening.
 */
final class FFmpegSource implements FrameSource {

    private final FFmpegInput input;
    private final FFmpegDecoder decoder;
    private final EarlyPackets early = new EarlyPackets();
    private final String name;
    private final boolean loop;
    private final boolean live;
    private final FramePacer pacer;
    private volatile SourceInfo info;
    private boolean rateFinal;
    private final AVPacket packet = avcodec.av_packet_alloc();
    // Releasing FFmpeg's state while another thread is inside FFmpeg would free memory under it.
    private final ReentrantLock nativeCalls = new ReentrantLock();
    private long sequence;
    private long framesThisPass;
    private boolean draining;
    /**
     * A stream joined mid-way (a live H.264 camera sends a key frame every second or so) starts with
     * pictures that refer to frames never received: decoded, they are green garbage. Until the first
     * key frame, packets are dropped instead, as players do.
     */
    private boolean awaitingKeyFrame = true;
    private boolean inputEnded;
    private long sentArrivalMicros;
    private byte[] sentPacketBytes;
    private byte[] lastCompressed;
    private volatile boolean closed;
    private boolean released;

    private FFmpegSource(FFmpegInput input, FFmpegDecoder decoder, String name, SourceOptions options) {
        this.input = input;
        this.decoder = decoder;
        this.name = name;
        this.loop = options.loop();
        this.live = input.live();
        double claimed = input.claimedFps();
        double ownFps = claimed > 0 ? claimed : SourceOptions.DEFAULT_FPS;
        double fps = live ? ownFps : options.fpsOr(ownFps);
        this.pacer = live ? null : new FramePacer(fps);
        this.info = info(fps);
    }

    private SourceInfo info(double fps) {
        String kind = live ? "live" : loop ? "looping" : "once";
        return new SourceInfo(name + " (" + decoder.codecName() + ", " + kind + ")", decoder.width(),
                decoder.height(), fps, PixelFormat.BGR24);
    }

    /**
     * Opens and starts decoding.
     *
     * @param location what FFmpeg opens: a file path or a URL
     * @param name how logs and clients see it: a URL {@linkplain io.camstream.capture.SourceSpec#redacted() redacted}
     * @param ffmpegOptions protocol and demuxer options, e.g. timeouts
     * @param timeout the longest any one open or read may block, or null for none (local files)
     * @throws io.camstream.capture.SourceUnavailableException when the server refused the credentials
     * @throws IOException when FFmpeg cannot open it or it has no video
     */
    static FFmpegSource open(String location, String name, SourceOptions options, Map<String, String> ffmpegOptions,
            Duration timeout) throws IOException {
        FFmpegInput input = FFmpegInput.open(location, name, ffmpegOptions, timeout);
        FFmpegDecoder decoder;
        try {
            boolean mjpeg = input.stream().codecpar().codec_id() == avcodec.AV_CODEC_ID_MJPEG;
            decoder = FFmpegDecoder.open(input.stream(), input.decoder(), name, options.width(), options.height(),
                    input.live() || mjpeg);
        } catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
        FFmpegSource source = new FFmpegSource(input, decoder, name, options);
        if (source.live && (input.inventsTimestamps() || input.claimedFps() == 0)) {
            source.measureRate();
        }
        return source;
    }

    /**
     * Reads ahead on a thread of its own while measuring the rate frames arrive at; the thread
     * holds the native lock until its last read returns, so a grab waits for it rather than racing it.
     * Opening waits for a first estimate only (half a second of frames: a server starting up waits a
     * second for its sources); the reader refines it over about a second, then {@link #info()} says so.
     */
    private void measureRate() throws IOException {
        CountDownLatch locked = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            nativeCalls.lock();
            try {
                locked.countDown();
                early.readAhead(input);
                measured(early.fps(), true);
            } finally {
                if (closed) {
                    release();
                }
                nativeCalls.unlock();
            }
        }, "camstream-read-ahead");
        reader.setDaemon(true);
        reader.start();
        try {
            locked.await();
            measured(early.awaitFirstEstimate(), false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new InterruptedIOException("interrupted while opening " + name);
        }
    }

    /** Reports a measured rate, unless it is 0 (none) or a first estimate the final measurement came before. */
    private synchronized void measured(double fps, boolean last) {
        if (fps > 0 && !rateFinal) {
            info = info(fps);
            rateFinal = last;
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        if (pacer != null) {
            pacer.awaitNext();
        }
        nativeCalls.lock();
        try {
            if (closed) {
                throw new IOException(name + " is closed");
            }
            byte[] pixels = nextPicture();
            framesThisPass++;
            long captured = live ? sentArrivalMicros : CaptureClock.nowMicros();
            return frame(++sequence, captured, pixels);
        } finally {
            if (closed) {
                release();
            }
            nativeCalls.unlock();
        }
    }

    /**
     * A frame of these pixels; from an MJPEG stream, one that also carries the camera's own JPEG, so the
     * hub can send it as it is to viewers who want exactly that picture (MJPEG passthrough) instead of
     * encoding it again. Its pixels are already decoded (FFmpeg decodes every frame, and a decoder of
     * its own per frame would cost more than it saves), so the frame's "decoder" only hands them over.
     */
    private Frame frame(long number, long captured, byte[] pixels) {
        byte[] compressed = lastCompressed;
        if (compressed != null) {
            try {
                Jpeg jpeg = Jpeg.parse(compressed);
                if (jpeg.format() == PixelFormat.BGR24 && jpeg.width() == decoder.width()
                        && jpeg.height() == decoder.height()) {
                    return Frame.ofJpeg(number, captured, jpeg, decoded -> pixels);
                }
            } catch (IOException e) {
                // FFmpeg decoded a JPEG whose header camstream's parser does not take: the pixels alone go on.
            }
        }
        return new Frame(number, captured, decoder.width(), decoder.height(), PixelFormat.BGR24, pixels);
    }

    /**
     * The compressed bytes of the picture {@link #grab()} last returned, exactly as the stream
     * carried them, when they can stand for it: the stream is MJPEG (each packet one whole JPEG)
     * and the picture was not resized. Null otherwise. Only the grabbing thread may call it.
     */
    byte[] lastCompressedPicture() {
        return lastCompressed;
    }

    @Override
    public void close() {
        closed = true;
        input.interrupt();
        // A grab in progress releases FFmpeg's state on its way out; never wait for it here.
        if (nativeCalls.tryLock()) {
            try {
                release();
            } finally {
                nativeCalls.unlock();
            }
        }
    }

    private byte[] nextPicture() throws IOException {
        while (true) {
            byte[] picture = decoder.receive(name);
            if (picture != null) {
                lastCompressed = decoder.mjpeg() && !decoder.lastScaled() ? sentPacketBytes : null;
                return picture;
            }
            if (draining) {
                atEnd();
            } else if (nextPacket()) {
                if (awaitingKeyFrame && (packet.flags() & avcodec.AV_PKT_FLAG_KEY) == 0) {
                    avcodec.av_packet_unref(packet);
                    continue;
                }
                awaitingKeyFrame = false;
                sentPacketBytes = decoder.mjpeg() ? bytes(packet) : null;
                try {
                    decoder.send(packet, name);
                } finally {
                    avcodec.av_packet_unref(packet);
                }
            } else {
                decoder.send(null, name);
                draining = true;
            }
        }
    }

    /** Fills {@link #packet} with the next packet to decode; false at the end of the input. */
    private boolean nextPacket() throws IOException {
        if (!early.isEmpty()) {
            sentArrivalMicros = early.takeInto(packet);
            return true;
        }
        IOException failure = early.takeFailure();
        if (failure != null) {
            throw failure;
        }
        if (inputEnded || early.ended()) {
            return false;
        }
        if (!input.read(packet)) {
            inputEnded = true;
            return false;
        }
        sentArrivalMicros = CaptureClock.nowMicros();
        return true;
    }

    /** Every picture of this pass is out: end, or start again from the first frame. */
    private void atEnd() throws IOException {
        if (!loop) {
            throw new EndOfSourceException(name + " ended after " + framesThisPass + " frames");
        }
        if (live || framesThisPass == 0) {
            throw new IOException(name + " ended" + (framesThisPass == 0 ? " without a single frame" : ""));
        }
        input.rewind();
        decoder.restart();
        awaitingKeyFrame = true;
        draining = false;
        inputEnded = false;
        framesThisPass = 0;
    }

    private void release() {
        if (!released) {
            released = true;
            early.close();
            avcodec.av_packet_free(packet);
            decoder.close();
            input.close();
        }
    }

    private static byte[] bytes(AVPacket packet) {
        byte[] bytes = new byte[packet.size()];
        packet.data().get(bytes);
        return bytes;
    }
}
