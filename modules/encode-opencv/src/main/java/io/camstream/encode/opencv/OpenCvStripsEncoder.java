package io.camstream.encode.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_JPEG_QUALITY;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imencode;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.EncodingException;
import io.camstream.encode.FrameEncoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes one big frame on several cores: horizontal strips, each a whole number of MCU rows, are
 * encoded by OpenCV at once (the caller's thread takes the first, {@link StripPool} the others),
 * then {@link JpegStrips} joins them into one JPEG with restart markers.
 * Frames too small to gain from it, and strips that come out with other tables, are encoded in one
 * pass by a plain {@link OpenCvJpegEncoder} instead, so the output is always a valid JPEG.
 */
final class OpenCvStripsEncoder implements FrameEncoder {

    /** DRI holds the restart interval in 16 bits: a strip may hold at most this many MCUs. */
    private static final int MAX_STRIP_MCUS = 0xFFFF;

    private final EncoderOptions options;
    private final StripPlan.Limits limits;
    private final OpenCvJpegEncoder onePass;
    private final BytePointer extension = new BytePointer(".jpg");
    private final IntPointer parameters;
    private Mat input;
    private Mat gray;
    private StripPlan plan;
    private boolean closed;

    OpenCvStripsEncoder(EncoderOptions options, StripPlan.Limits limits) {
        this.options = options;
        this.limits = limits;
        this.onePass = new OpenCvJpegEncoder(options);
        this.parameters = new IntPointer(IMWRITE_JPEG_QUALITY, options.quality());
    }

    @Override
    public String name() {
        return OpenCvStripsEncoderProvider.NAME;
    }

    @Override
    public EncoderOptions options() {
        return options;
    }

    @Override
    public EncodedImage encode(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed) {
            throw new IllegalStateException("this opencv-strips encoder is closed");
        }
        long start = System.nanoTime();
        boolean bgr = frame.format() == PixelFormat.BGR24;
        boolean toGray = bgr && options.color() == ColorMode.GRAY;
        // 4:2:0 colour MCUs are 16x16; 8 pixels wide is the worst case for the count of MCUs per row.
        int mcuHeight = bgr && !toGray ? 16 : 8;
        StripPlan next = StripPlan.of(frame.width(), frame.height(), mcuHeight, 8, MAX_STRIP_MCUS, limits);
        if (next.strips() < 2) {
            return onePass.encode(frame);
        }
        Mat image = load(frame, next, toGray);
        List<byte[]> jpegs = encodeStrips(frame, image);
        Optional<byte[]> joined = JpegStrips.join(jpegs);
        if (joined.isEmpty()) {
            return onePass.encode(frame); // strips with tables of their own cannot share one header
        }
        ColorMode color = bgr && !toGray ? ColorMode.COLOR : ColorMode.GRAY;
        return new EncodedImage(joined.get(), "image/jpeg", frame.width(), frame.height(), color,
                System.nanoTime() - start);
    }

    private List<byte[]> encodeStrips(Frame frame, Mat image) {
        List<FutureTask<byte[]>> others = new ArrayList<>();
        for (int i = 1; i < plan.strips(); i++) {
            int strip = i;
            others.add(StripPool.start(() -> encodeStrip(frame, image, strip)));
        }
        List<byte[]> jpegs = new ArrayList<>();
        RuntimeException failure = null;
        try {
            jpegs.add(encodeStrip(frame, image, 0));
        } catch (RuntimeException e) {
            failure = e;
        }
        // Every strip is awaited, even after a failure: they all read this encoder's Mats. Those no
        // pool thread has started yet are encoded here rather than waited for.
        for (FutureTask<byte[]> other : others) {
            other.run();
            try {
                jpegs.add(StripPool.await(other));
            } catch (ExecutionException e) {
                failure = failure != null ? failure : new EncodingException("OpenCV could not encode a strip of "
                        + frame + ": " + e.getCause(), e.getCause());
            }
        }
        if (failure != null) {
            throw failure instanceof EncodingException ee
                    ? ee : new EncodingException("OpenCV could not encode " + frame + ": " + failure, failure);
        }
        return jpegs;
    }

    private byte[] encodeStrip(Frame frame, Mat image, int strip) {
        int top = plan.top(strip);
        try (Mat rows = image.rowRange(top, top + plan.rows(strip)); BytePointer output = new BytePointer()) {
            if (!imencode(extension, rows, output, parameters)) {
                throw new EncodingException("OpenCV imencode refused strip " + strip + " of " + frame, null);
            }
            byte[] data = new byte[(int) output.limit()];
            output.get(data);
            return data;
        }
    }

    /**
     * Copies the frame into reused native Mats and converts it to gray if asked, whole, on this thread:
     * cvtColor already spreads itself over OpenCV's own threads, and one call per frame keeps OpenCV's
     * parallel loops from running inside ours (one per strip) and competing for the same cores.
     */
    private Mat load(Frame frame, StripPlan next, boolean toGray) {
        plan = next;
        int type = frame.format() == PixelFormat.BGR24 ? CV_8UC3 : CV_8UC1;
        if (input == null || input.rows() != frame.height() || input.cols() != frame.width() || input.type() != type) {
            release();
            input = new Mat(frame.height(), frame.width(), type);
            gray = new Mat(frame.height(), frame.width(), CV_8UC1);
        }
        input.data().put(frame.pixels(), 0, frame.pixels().length);
        if (toGray) {
            cvtColor(input, gray, COLOR_BGR2GRAY);
            return gray;
        }
        return input;
    }

    private void release() {
        if (input != null) {
            input.close();
            gray.close();
            input = null;
            gray = null;
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            release();
            onePass.close();
            extension.close();
            parameters.close();
        }
    }
}
