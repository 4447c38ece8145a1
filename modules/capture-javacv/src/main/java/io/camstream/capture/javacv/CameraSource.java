package io.camstream.capture.javacv;

import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FOURCC;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FPS;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_HEIGHT;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_PROP_FRAME_WIDTH;
import static org.bytedeco.opencv.global.opencv_videoio.CAP_V4L2;

import io.camstream.capture.CaptureClock;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_videoio.VideoCapture;
import org.bytedeco.opencv.opencv_videoio.VideoWriter;

/**
 * A V4L2 camera through OpenCV's {@code VideoCapture}. Size, rate and pixel format are requests;
 * drivers round or ignore them, so the info reports what the camera actually delivers. The driver
 * paces the frames.
 */
final class CameraSource implements FrameSource {

    private static final System.Logger LOG = System.getLogger(CameraSource.class.getName());

    private final VideoCapture capture;
    private final Path device;
    private final Mat picture = new Mat();
    private final ReentrantLock nativeCalls = new ReentrantLock();
    private volatile SourceInfo info;
    private volatile boolean closed;
    private boolean released;
    private long sequence;

    private CameraSource(VideoCapture capture, Path device, SourceInfo info) {
        this.capture = capture;
        this.device = device;
        this.info = info;
    }

    /**
     * Opens the camera and asks for this size, rate and (when not null) FOURCC, e.g. {@code MJPG}.
     *
     * @throws IOException when the device exists but does not open (busy, or not a capture node)
     */
    static CameraSource open(Path device, int width, int height, double fps, String fourcc) throws IOException {
        VideoCapture capture = new VideoCapture();
        if (!capture.open(device.toString(), CAP_V4L2)) {
            capture.close();
            throw new IOException("camera " + device + " exists but did not open (busy, or not a capture device?)");
        }
        // The format first: many drivers offer large sizes or high rates only in MJPG.
        if (fourcc != null) {
            byte[] code = fourcc.getBytes(StandardCharsets.US_ASCII);
            capture.set(CAP_PROP_FOURCC, VideoWriter.fourcc(code[0], code[1], code[2], code[3]));
        }
        capture.set(CAP_PROP_FRAME_WIDTH, width);
        capture.set(CAP_PROP_FRAME_HEIGHT, height);
        capture.set(CAP_PROP_FPS, fps);
        SourceInfo delivered = new SourceInfo(describe(device, capture), (int) capture.get(CAP_PROP_FRAME_WIDTH),
                (int) capture.get(CAP_PROP_FRAME_HEIGHT),
                capture.get(CAP_PROP_FPS) > 0 ? capture.get(CAP_PROP_FPS) : fps, PixelFormat.BGR24);
        if (delivered.width() != width || delivered.height() != height || Math.abs(delivered.fps() - fps) > 0.5) {
            LOG.log(Level.INFO, "camera {0} delivers {1}x{2} at {3} fps; {4}x{5} at {6} fps was asked", device,
                    delivered.width(), delivered.height(), delivered.fps(), width, height, fps);
        }
        return new CameraSource(capture, device, delivered);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Frame grab() throws IOException {
        nativeCalls.lock();
        try {
            if (closed) {
                throw new IOException("camera " + device + " is closed");
            }
            if (!capture.read(picture) || picture.empty()) {
                throw new IOException("camera " + device + " stopped delivering frames");
            }
            long captureMicros = CaptureClock.nowMicros();
            return toFrame(captureMicros);
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
        if (nativeCalls.tryLock()) {
            try {
                release();
            } finally {
                nativeCalls.unlock();
            }
        }
    }

    private Frame toFrame(long captureMicros) throws IOException {
        int channels = picture.channels();
        if (picture.depth() != opencv_core.CV_8U || (channels != 3 && channels != 1)) {
            throw new IOException("camera " + device + " delivered an unsupported picture type " + picture.type());
        }
        PixelFormat format = channels == 3 ? PixelFormat.BGR24 : PixelFormat.GRAY8;
        int width = picture.cols();
        int height = picture.rows();
        if (width != info.width() || height != info.height() || format != info.format()) {
            info = new SourceInfo(info.description(), width, height, info.fps(), format);
        }
        long stride = picture.step();
        // Mat.data() comes without a known length; give it the picture's before viewing it as a buffer.
        byte[] pixels = Pictures.packed(picture.data().capacity(stride * height).asByteBuffer(),
                width, height, channels, (int) stride);
        return new Frame(++sequence, captureMicros, width, height, format, pixels);
    }

    private void release() {
        if (!released) {
            released = true;
            capture.release();
            capture.close();
            picture.close();
        }
    }

    private static String describe(Path device, VideoCapture capture) {
        int code = (int) capture.get(CAP_PROP_FOURCC);
        StringBuilder fourcc = new StringBuilder();
        for (int shift = 0; shift < 32 && code != 0; shift += 8) {
            fourcc.append((char) ((code >>> shift) & 0xFF));
        }
        return String.format(Locale.ROOT, "camera %s (V4L2%s)", device,
                fourcc.length() == 0 ? "" : ", " + fourcc.toString().strip());
    }
}
