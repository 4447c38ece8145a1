package io.camstream.encode;

import io.camstream.capture.Frame;
import io.camstream.capture.Jpeg;
import io.camstream.capture.PictureTooLargeException;
import io.camstream.capture.PixelBudget;
import io.camstream.capture.PixelFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Turns a received JPEG back into a {@link Frame}: gray JPEGs into GRAY8, colour ones into BGR24.
 * Receivers use it: viewers checking what they got, and hubs that re-serve frames from a publisher
 * or another server. The picture's size is read from its header and checked against a
 * {@link PixelBudget} before a single pixel is allocated: what a JPEG says about its size costs it
 * nothing to claim.
 */
public final class JpegDecoder {

    private JpegDecoder() {
    }

    /**
     * Decodes {@code jpeg} into a frame carrying the given sequence number, capture time and flags,
     * within {@link PixelBudget#DEFAULT}.
     *
     * @throws PictureTooLargeException when its header claims more pixels than the budget
     * @throws IOException when the bytes are not a picture ImageIO can read
     */
    public static Frame decode(byte[] jpeg, long sequence, long captureEpochMicros, boolean placeholder,
            boolean stamped) throws IOException {
        try {
            return decode(new ByteArrayInputStream(jpeg), PixelBudget.DEFAULT, sequence, captureEpochMicros,
                    placeholder, stamped);
        } catch (PictureTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(e.getMessage() + " (" + jpeg.length + " bytes)", e);
        }
    }

    /**
     * Decodes the JPEG read from {@code jpeg} (which is not closed), like {@link #decode(byte[], long,
     * long, boolean, boolean)}, for receivers holding the bytes elsewhere: a protobuf {@code ByteString}'s
     * {@code newInput()} reads them in place instead of copying them into an array first.
     *
     * @throws PictureTooLargeException when its header claims more pixels than {@link PixelBudget#DEFAULT}
     * @throws IOException when the bytes are not a picture ImageIO can read, or cannot be read
     */
    public static Frame decode(InputStream jpeg, long sequence, long captureEpochMicros, boolean placeholder,
            boolean stamped) throws IOException {
        return decode(jpeg, PixelBudget.DEFAULT, sequence, captureEpochMicros, placeholder, stamped);
    }

    /**
     * The pixels of a JPEG a source received and handed over as it is ({@link Frame#ofJpeg}): the
     * {@link Jpeg.Decoder} for sources without a codec of their own, and for hubs fed by publishers.
     * Nothing beyond the size its header declared (and its caller checked) is allocated.
     *
     * @throws IOException when it cannot be decoded, or decodes to another size or layout than its
     *     header declares
     */
    public static byte[] pixels(Jpeg jpeg) throws IOException {
        PixelBudget declared = new PixelBudget(Math.min(PixelBudget.MAX_ALLOWED, (long) jpeg.width() * jpeg.height()));
        Frame frame;
        try {
            frame = decode(new ByteArrayInputStream(jpeg.bytes()), declared, 1, 0, false, false);
        } catch (PictureTooLargeException e) {
            throw new IOException("its header claims two sizes: " + jpeg.width() + "x" + jpeg.height() + " and "
                    + e.width() + "x" + e.height(), e);
        }
        if (frame.width() != jpeg.width() || frame.height() != jpeg.height() || frame.format() != jpeg.format()) {
            throw new IOException("it decodes to " + frame.width() + "x" + frame.height() + " " + frame.format()
                    + ", not the " + jpeg.width() + "x" + jpeg.height() + " " + jpeg.format() + " its header declares");
        }
        return frame.pixels();
    }

    /**
     * Decodes the JPEG read from {@code jpeg} (which is not closed) within a budget of pixels.
     *
     * @param budget the most pixels the picture may have; checked from its header, before decoding
     * @throws PictureTooLargeException when its header claims more pixels than {@code budget}
     * @throws IOException when the bytes are not a picture ImageIO can read, or cannot be read
     */
    public static Frame decode(InputStream jpeg, PixelBudget budget, long sequence, long captureEpochMicros,
            boolean placeholder, boolean stamped) throws IOException {
        // A memory cache, not the file cache ImageIO.read(InputStream) uses by default: a temporary
        // file per frame added about two thirds to the time of a 640x480 gray decode (measured here).
        try (ImageInputStream in = new MemoryCacheImageInputStream(jpeg)) {
            BufferedImage image = read(in, budget);
            int width = image.getWidth();
            int height = image.getHeight();
            if (image.getRaster().getNumBands() == 1) {
                byte[] gray = new byte[width * height];
                image.getRaster().getDataElements(0, 0, width, height, gray);
                return new Frame(sequence, captureEpochMicros, width, height, PixelFormat.GRAY8, gray, placeholder,
                        stamped);
            }
            BufferedImage bgr = image;
            if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
                bgr = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
                bgr.getGraphics().drawImage(image, 0, 0, null);
            }
            byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
            return new Frame(sequence, captureEpochMicros, width, height, PixelFormat.BGR24, pixels, placeholder,
                    stamped);
        }
    }

    /** What {@link ImageIO#read(ImageInputStream)} does, with the size checked between header and pixels. */
    private static BufferedImage read(ImageInputStream in, PixelBudget budget) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new IOException("not a picture ImageIO can read");
        }
        ImageReader reader = readers.next();
        try {
            reader.setInput(in, true, true);
            budget.check(reader.getWidth(0), reader.getHeight(0)); // parses the header only (the SOF marker)
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }
}
