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
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * One OpenCV encoder. The input and gray {@link Mat}s are allocated once per frame size and reused,
 * so the steady state copies each frame into native memory and allocates only the output array;
 * OpenCV's own output vector is freed as soon as its bytes are copied out.
 */
final class OpenCvJpegEncoder implements FrameEncoder {

    private final EncoderOptions options;
    private final BytePointer extension = new BytePointer(".jpg");
    private final IntPointer parameters;
    private Mat input;
    private Mat gray;
    private boolean closed;

    OpenCvJpegEncoder(EncoderOptions options) {
        this.options = options;
        this.parameters = new IntPointer(IMWRITE_JPEG_QUALITY, options.quality());
    }

    @Override
    public String name() {
        return OpenCvEncoderProvider.NAME;
    }

    @Override
    public EncoderOptions options() {
        return options;
    }

    @Override
    public EncodedImage encode(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed) {
            throw new IllegalStateException("this opencv encoder is closed");
        }
        long start = System.nanoTime();
        Mat image = load(frame);
        if (frame.format() == PixelFormat.BGR24 && options.color() == ColorMode.GRAY) {
            cvtColor(image, gray, COLOR_BGR2GRAY);
            image = gray;
        }
        byte[] data;
        try (BytePointer output = new BytePointer()) {
            if (!imencode(extension, image, output, parameters)) {
                throw new EncodingException("OpenCV imencode refused " + frame, null);
            }
            data = new byte[(int) output.limit()];
            output.get(data);
        } catch (RuntimeException e) {
            throw e instanceof EncodingException ee
                    ? ee : new EncodingException("OpenCV could not encode " + frame + ": " + e, e);
        }
        ColorMode color = image.channels() == 1 ? ColorMode.GRAY : ColorMode.COLOR;
        return new EncodedImage(data, "image/jpeg", frame.width(), frame.height(), color, System.nanoTime() - start);
    }

    /** Copies the frame into a reused native Mat of its size and layout. */
    private Mat load(Frame frame) {
        boolean bgr = frame.format() == PixelFormat.BGR24;
        int type = bgr ? CV_8UC3 : CV_8UC1;
        if (input == null || input.rows() != frame.height() || input.cols() != frame.width() || input.type() != type) {
            release();
            input = new Mat(frame.height(), frame.width(), type);
            gray = new Mat(frame.height(), frame.width(), CV_8UC1);
        }
        input.data().put(frame.pixels(), 0, frame.pixels().length);
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
            extension.close();
            parameters.close();
        }
    }
}
