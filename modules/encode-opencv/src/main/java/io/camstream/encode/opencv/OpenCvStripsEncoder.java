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
import java.util.concurrent.Future;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Encodes one big frame on several cores: horizontal strips, each a whole number of MCU rows, are
 * copied, converted and encoded by OpenCV at once (the caller's thread takes the first, {@link
 * StripPool} the others), then {@link JpegStrips} joins them into one JPEG with restart markers.
 * Frames too small to gain from it, and strips that come out with other tables, are encoded in one
 * pass by a plain {@link OpenCvJpegEncoder} instead, so the output is always a valid JPEG.
 */
final class OpenCvStripsEncoder implements FrameEncoder {

    /** libjpeg's restart interval is 16 bits: a strip may hold at most this many MCUs. */
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
        prepare(frame, next);
        List<byte[]> jpegs = encodeStrips(frame, bgr, toGray);
        Optional<byte[]> joined = JpegStrips.join(jpegs);
        if (joined.isEmpty()) {
            return onePass.encode(frame); // strips with tables of their own cannot share one header
        }
        ColorMode color = bgr && !toGray ? ColorMode.COLOR : ColorMode.GRAY;
        return new EncodedImage(joined.get(), "image/jpeg", frame.width(), frame.height(), color,
                System.nanoTime() - start);
    }

    private List<byte[]> encodeStrips(Frame frame, boolean bgr, boolean toGray) {
        int rowBytes = frame.width() * (bgr ? 3 : 1);
        List<Future<byte[]>> others = new ArrayList<>();
        for (int i = 1; i < plan.strips(); i++) {
            int strip = i;
            others.add(StripPool.submit(() -> encodeStrip(frame, strip, rowBytes, toGray)));
        }
        List<byte[]> jpegs = new ArrayList<>();
        RuntimeException failure = null;
        try {
            jpegs.add(encodeStrip(frame, 0, rowBytes, toGray));
        } catch (RuntimeException e) {
            failure = e;
        }
        // Every strip is awaited, even after a failure: they all write into this encoder's Mats.
        for (Future<byte[]> other : others) {
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

    private byte[] encodeStrip(Frame frame, int strip, int rowBytes, boolean toGray) {
        int top = plan.top(strip);
        int rows = plan.rows(strip);
        try (Mat in = input.rowRange(top, top + rows); BytePointer output = new BytePointer()) {
            in.data().put(frame.pixels(), top * rowBytes, rows * rowBytes);
            Mat image = in;
            Mat grayRows = null;
            if (toGray) {
                grayRows = gray.rowRange(top, top + rows);
                cvtColor(in, grayRows, COLOR_BGR2GRAY);
                image = grayRows;
            }
            try {
                if (!imencode(extension, image, output, parameters)) {
                    throw new EncodingException("OpenCV imencode refused strip " + strip + " of " + frame, null);
                }
            } finally {
                if (grayRows != null) {
                    grayRows.close();
                }
            }
            byte[] data = new byte[(int) output.limit()];
            output.get(data);
            return data;
        }
    }

    /** Reuses the native Mats while frames keep their size and layout. */
    private void prepare(Frame frame, StripPlan next) {
        plan = next;
        int type = frame.format() == PixelFormat.BGR24 ? CV_8UC3 : CV_8UC1;
        if (input == null || input.rows() != frame.height() || input.cols() != frame.width() || input.type() != type) {
            release();
            input = new Mat(frame.height(), frame.width(), type);
            gray = new Mat(frame.height(), frame.width(), CV_8UC1);
        }
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
