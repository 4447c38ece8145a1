package io.camstream.encode.opencv;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imdecode;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/** The decoders a joined JPEG must satisfy, each giving raw interleaved pixels, for tests. */
final class Decoders {

    private Decoders() {
    }

    /** libjpeg-turbo, through OpenCV's imdecode: BGR or gray bytes. */
    static byte[] openCv(byte[] jpeg) {
        try (BytePointer bytes = new BytePointer(jpeg); Mat encoded = new Mat(1, jpeg.length, CV_8UC1, bytes);
                Mat decoded = imdecode(encoded, IMREAD_UNCHANGED)) {
            if (decoded.empty()) {
                throw new AssertionError("OpenCV imdecode could not decode it");
            }
            byte[] pixels = new byte[decoded.rows() * decoded.cols() * decoded.channels()];
            decoded.data().get(pixels);
            return pixels;
        }
    }

    /** Every JPEG reader ImageIO has (TwelveMonkeys' and the JDK's), by class name. */
    static List<String> imageIoReaders() {
        List<String> names = new ArrayList<>();
        ImageIO.getImageReadersByFormatName("jpeg").forEachRemaining(r -> names.add(r.getClass().getName()));
        return names;
    }

    /** The raster's bytes as the reader of that class decodes them. */
    static byte[] imageIo(byte[] jpeg, String readerClass) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            if (!reader.getClass().getName().equals(readerClass)) {
                continue;
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
                reader.setInput(in);
                BufferedImage image = reader.read(0);
                return (byte[]) image.getRaster().getDataElements(0, 0, image.getWidth(), image.getHeight(), null);
            } finally {
                reader.dispose();
            }
        }
        throw new AssertionError("no ImageIO reader " + readerClass);
    }
}
