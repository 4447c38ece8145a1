package io.camstream.capture.javacv;

import io.camstream.capture.CaptureClock;
import io.camstream.capture.EndOfSourceException;
import io.camstream.capture.Frame;
import io.camstream.capture.FramePacer;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Frames of a video file or network stream, decoded by FFmpeg into BGR24. Recorded media (it has
 * a duration) is paced at its own frame rate, or at the requested one; live streams pace
 * themselves, since holding their frames back would only pile them up in FFmpeg's buffers.
 */
final class FFmpegSource implements FrameSource {

    private static final Pattern FFMPEG_ERROR = Pattern.compile("\\(\\) error (-\\d{1,10}):");

    private final FFmpegFrameGrabber grabber;
    private final String name;
    private final boolean loop;
    private final boolean live;
    private final FramePacer pacer;
    private final SourceInfo info;
    // Releasing the grabber while another thread is inside FFmpeg would free memory under it.
    private final ReentrantLock nativeCalls = new ReentrantLock();
    private long sequence;
    private long framesThisPass;
    private volatile boolean closed;
    private boolean released;

    private FFmpegSource(FFmpegFrameGrabber grabber, String name, SourceOptions options) {
        this.grabber = grabber;
        this.name = name;
        this.loop = options.loop();
        this.live = grabber.getLengthInTime() <= 0;
        double ownFps = grabber.getFrameRate() > 0 && Double.isFinite(grabber.getFrameRate())
                ? grabber.getFrameRate() : 30;
        double fps = live ? ownFps : options.fpsOr(ownFps);
        this.pacer = live ? null : new FramePacer(fps);
        String kind = live ? "live" : loop ? "looping" : "once";
        this.info = new SourceInfo(name + " (" + grabber.getVideoCodecName() + ", " + kind + ")",
                grabber.getImageWidth(), grabber.getImageHeight(), fps, PixelFormat.BGR24);
    }

    /**
     * Opens and starts decoding.
     *
     * @param location what FFmpeg opens: a file path or a URL
     * @param name how logs and clients see it: a URL {@linkplain io.camstream.capture.SourceSpec#redacted() redacted}
     * @param ffmpegOptions protocol and demuxer options, e.g. timeouts
     * @throws IOException when FFmpeg cannot open it or it has no video
     */
    static FFmpegSource open(String location, String name, SourceOptions options, Map<String, String> ffmpegOptions)
            throws IOException {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(location);
        grabber.setOptions(ffmpegOptions);
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        if (options.sizeRequested()) {
            grabber.setImageWidth(options.width());
            grabber.setImageHeight(options.height());
        }
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            releaseQuietly(grabber);
            if (ffmpegError(e) == avutil.AVERROR_HTTP_UNAUTHORIZED) {
                // Wrong or missing credentials do not fix themselves: a server refuses to start on them.
                throw new SourceUnavailableException("cannot open " + name + ": authentication failed (the camera "
                        + "answered 401 Unauthorized: wrong or missing user and password)", e);
            }
            throw new IOException("cannot open " + name + ": " + reason(e), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            releaseQuietly(grabber);
            throw new IOException(name + " has no video stream");
        }
        return new FFmpegSource(grabber, name, options);
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
            org.bytedeco.javacv.Frame picture = grabber.grabImage();
            if (picture == null) {
                picture = atEnd();
            }
            framesThisPass++;
            return toFrame(picture);
        } catch (FrameGrabber.Exception e) {
            throw new IOException("reading " + name + " failed: " + reason(e), e);
        } finally {
            if (closed) {
                release();
            }
            nativeCalls.unlock();
        }
    }

    @Override
    public void close() {
        closed = true;
        // A grab in progress releases the grabber on its way out; never wait for it here.
        if (nativeCalls.tryLock()) {
            try {
                release();
            } finally {
                nativeCalls.unlock();
            }
        }
    }

    private org.bytedeco.javacv.Frame atEnd() throws IOException {
        if (!loop) {
            throw new EndOfSourceException(name + " ended after " + framesThisPass + " frames");
        }
        if (live || framesThisPass == 0) {
            throw new IOException(name + " ended" + (framesThisPass == 0 ? " without a single frame" : ""));
        }
        grabber.setTimestamp(0L);
        framesThisPass = 0;
        org.bytedeco.javacv.Frame first = grabber.grabImage();
        if (first == null) {
            throw new IOException("could not rewind " + name + " to loop it");
        }
        return first;
    }

    private Frame toFrame(org.bytedeco.javacv.Frame picture) {
        int width = picture.imageWidth;
        int height = picture.imageHeight;
        byte[] pixels = Pictures.packed((ByteBuffer) picture.image[0], width, height, 3, picture.imageStride);
        return new Frame(++sequence, CaptureClock.nowMicros(), width, height, PixelFormat.BGR24, pixels);
    }

    private void release() {
        if (!released) {
            released = true;
            releaseQuietly(grabber);
        }
    }

    private static void releaseQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.release();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            System.getLogger(FFmpegSource.class.getName()).log(System.Logger.Level.DEBUG, "releasing FFmpeg failed", e);
        }
    }

    /**
     * FFmpeg's error code, which JavaCV only puts in its message ("avformat_open_input() error
     * -825242872: ..."); 0 when there is none.
     */
    private static long ffmpegError(FrameGrabber.Exception e) {
        Matcher code = FFMPEG_ERROR.matcher(reason(e));
        return code.find() ? Long.parseLong(code.group(1)) : 0;
    }

    /** FFmpeg's own words, e.g. "avformat_open_input() error -111: Could not open input ...". */
    private static String reason(Exception e) {
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
