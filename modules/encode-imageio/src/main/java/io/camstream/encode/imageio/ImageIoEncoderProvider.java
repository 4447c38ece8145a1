package io.camstream.encode.imageio;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

/** The {@code imageio} encoder: JPEG through {@code javax.imageio}, pure Java on any JDK. */
public final class ImageIoEncoderProvider implements EncoderProvider {

    public static final String NAME = "imageio";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "JPEG via javax.imageio (" + writerClassName() + "); pure Java, no natives";
    }

    /** Below native encoders: the JDK's writer is slower than libjpeg-turbo called directly. */
    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        try {
            return ImageIO.getImageWritersByFormatName("jpeg").hasNext()
                    ? Availability.yes()
                    : Availability.no("this JDK has no ImageIO JPEG writer");
        } catch (RuntimeException | LinkageError e) {
            return Availability.no("ImageIO failed to load: " + e);
        }
    }

    @Override
    public Set<ColorMode> colorModes() {
        return EnumSet.allOf(ColorMode.class);
    }

    @Override
    public FrameEncoder create(EncoderOptions options) {
        Objects.requireNonNull(options, "options");
        checkSupports(options);
        return new ImageIoJpegEncoder(newJpegWriter(), options);
    }

    /** ImageIO's preferred JPEG writer: TwelveMonkeys' when it is on the path, else the JDK's. */
    static ImageWriter newJpegWriter() {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("encoder 'imageio' is not available: this JDK has no ImageIO JPEG writer");
        }
        return writers.next();
    }

    /** Asked once: the answer cannot change while the JVM runs, and Describe asks on every call. */
    private static String writerClassName() {
        return WriterName.NAME;
    }

    private static final class WriterName {
        static final String NAME = find();

        private static String find() {
            try {
                ImageWriter writer = newJpegWriter();
                String name = writer.getClass().getName();
                writer.dispose();
                return name;
            } catch (RuntimeException e) {
                return "no JPEG writer";
            }
        }
    }
}
