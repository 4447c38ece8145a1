package io.camstream.encode.turbojpeg;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.EncodingException;
import io.camstream.encode.FrameEncoder;
import java.util.Arrays;
import java.util.Objects;
import org.libjpegturbo.turbojpeg.TJ;
import org.libjpegturbo.turbojpeg.TJCompressor;
import org.libjpegturbo.turbojpeg.TJException;

/**
 * One TurboJPEG compressor. libjpeg converts BGR to gray (or to YCbCr 4:2:0, as OpenCV's and the
 * JDK's writers do by default) inside the compression pass, reading the frame's array in place, and
 * writes into an output array kept for the frame size and reused; the only copy is the JPEG's own
 * bytes out of it. A gray frame is always encoded gray, as the other encoders do.
 */
final class TurboJpegEncoder implements FrameEncoder {

    private final EncoderOptions options;
    private final TJCompressor compressor;
    /** TJ.bufSize for the current size and subsampling: the worst case, so compress never reallocates. */
    private byte[] output = new byte[0];
    private int outputWidth;
    private int outputHeight;
    private int outputSubsampling = -1;
    private boolean closed;

    TurboJpegEncoder(EncoderOptions options) {
        this.options = options;
        try {
            this.compressor = new TJCompressor();
            compressor.setJPEGQuality(options.quality());
        } catch (TJException e) {
            throw new EncodingException("TurboJPEG could not make a compressor: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return TurboJpegEncoderProvider.NAME;
    }

    @Override
    public EncoderOptions options() {
        return options;
    }

    @Override
    public EncodedImage encode(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed) {
            throw new IllegalStateException("this turbojpeg encoder is closed");
        }
        long start = System.nanoTime();
        boolean bgr = frame.format() == PixelFormat.BGR24;
        ColorMode color = bgr && options.color() == ColorMode.COLOR ? ColorMode.COLOR : ColorMode.GRAY;
        int subsampling = color == ColorMode.COLOR ? TJ.SAMP_420 : TJ.SAMP_GRAY;
        int width = frame.width();
        int height = frame.height();
        byte[] data;
        try {
            byte[] into = output(width, height, subsampling);
            compressor.setSubsamp(subsampling);
            // Pitch 0: rows are packed, width * pixel size bytes each, as Frame guarantees.
            compressor.setSourceImage(frame.pixels(), 0, 0, width, 0, height, bgr ? TJ.PF_BGR : TJ.PF_GRAY);
            // TurboJPEG compresses with libjpeg's fast integer DCT unless told otherwise; the accurate one is
            // what OpenCV's and the JDK's writers use, so the pictures match theirs (and are 3% smaller).
            compressor.compress(into, TJ.FLAG_ACCURATEDCT);
            data = Arrays.copyOf(into, compressor.getCompressedSize());
        } catch (TJException | RuntimeException e) {
            throw new EncodingException("TurboJPEG could not encode " + frame + ": " + e, e);
        }
        return new EncodedImage(data, "image/jpeg", width, height, color, System.nanoTime() - start);
    }

    /** The output array for this size and subsampling, reused while they stay the same. */
    private byte[] output(int width, int height, int subsampling) {
        if (width != outputWidth || height != outputHeight || subsampling != outputSubsampling) {
            output = new byte[TJ.bufSize(width, height, subsampling)];
            outputWidth = width;
            outputHeight = height;
            outputSubsampling = subsampling;
        }
        return output;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                compressor.close();
            } catch (TJException e) {
                // Destroying the native handle failed: nothing left to release or to tell the caller.
            }
        }
    }
}
