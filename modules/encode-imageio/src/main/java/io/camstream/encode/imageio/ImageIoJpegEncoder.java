package io.camstream.encode.imageio;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.EncodingException;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.Grayscale;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Objects;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * One reusable ImageIO JPEG writer. Frames are wrapped as {@link BufferedImage}s over their own
 * pixel arrays (BGR24 is exactly {@code TYPE_3BYTE_BGR}'s layout), so nothing is copied on the way
 * in; gray conversion writes into a buffer kept between frames.
 */
final class ImageIoJpegEncoder implements FrameEncoder {

    private static final ComponentColorModel GRAY_MODEL = new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
    private static final ComponentColorModel BGR_MODEL = new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);

    private final ImageWriter writer;
    private final ImageWriteParam param;
    private final EncoderOptions options;
    private final ByteArrayOutputStream output = new ByteArrayOutputStream(256 * 1024);
    private byte[] grayBuffer;
    private boolean closed;

    ImageIoJpegEncoder(ImageWriter writer, EncoderOptions options) {
        this.writer = writer;
        this.options = options;
        this.param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(options.quality() / 100f);
    }

    @Override
    public String name() {
        return ImageIoEncoderProvider.NAME;
    }

    @Override
    public EncoderOptions options() {
        return options;
    }

    @Override
    public EncodedImage encode(Frame frame) {
        Objects.requireNonNull(frame, "frame");
        if (closed) {
            throw new IllegalStateException("this imageio encoder is closed");
        }
        long start = System.nanoTime();
        BufferedImage image = options.color() == ColorMode.GRAY || frame.format() == PixelFormat.GRAY8
                ? wrap(Grayscale.luma(frame, grayBuffer), frame.width(), frame.height(), 1)
                : wrap(frame.pixels(), frame.width(), frame.height(), 3);
        if (frame.format() == PixelFormat.BGR24 && options.color() == ColorMode.GRAY) {
            grayBuffer = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        }
        output.reset();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(output)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new EncodingException("ImageIO could not encode " + frame, e);
        } catch (RuntimeException e) {
            throw new EncodingException("ImageIO could not encode " + frame + ": " + e, e);
        } finally {
            writer.setOutput(null);
        }
        ColorMode color = image.getColorModel().getNumComponents() == 1 ? ColorMode.GRAY : ColorMode.COLOR;
        return new EncodedImage(output.toByteArray(), "image/jpeg", frame.width(), frame.height(), color,
                System.nanoTime() - start);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            writer.dispose();
        }
    }

    private static BufferedImage wrap(byte[] pixels, int width, int height, int channels) {
        DataBufferByte buffer = new DataBufferByte(pixels, pixels.length);
        int[] bandOffsets = channels == 1 ? new int[] {0} : new int[] {2, 1, 0};
        WritableRaster raster = Raster.createInterleavedRaster(
                buffer, width, height, width * channels, channels, bandOffsets, null);
        return new BufferedImage(channels == 1 ? GRAY_MODEL : BGR_MODEL, raster, false, null);
    }
}
