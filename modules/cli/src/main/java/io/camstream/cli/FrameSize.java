package io.camstream.cli;

import io.camstream.capture.FrameStamp;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code WIDTHxHEIGHT} option value such as {@code 640x480}. */
record FrameSize(int width, int height) {

    /** The smallest frame the test pattern can carry its stamp in, and so the smallest anything here captures. */
    static final FrameSize SMALLEST = new FrameSize(FrameStamp.MIN_WIDTH, FrameStamp.MIN_HEIGHT);
    /** 8K UHD: the test pattern's largest, and far beyond any camera here; larger only asks to run out of memory. */
    static final FrameSize LARGEST = new FrameSize(7680, 4320);

    @Override
    public String toString() {
        return width + "x" + height;
    }

    /** Any positive size: for sizes that only bound something, such as {@code view --max-size}. */
    static final class Converter implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            String[] parts = value.toLowerCase(Locale.ROOT).split("x", -1);
            try {
                if (parts.length == 2) {
                    int width = Integer.parseInt(parts[0].trim());
                    int height = Integer.parseInt(parts[1].trim());
                    if (width > 0 && height > 0) {
                        return new FrameSize(width, height);
                    }
                }
            } catch (NumberFormatException e) {
                // fall through to the message below
            }
            throw new TypeConversionException("'" + value + "' is not a size; expected WIDTHxHEIGHT such as 640x480");
        }
    }

    /** The size of frames to capture or make: from {@link #SMALLEST} to {@link #LARGEST}. */
    static final class FrameConverter implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            FrameSize size = new Converter().convert(value);
            if (size.width < SMALLEST.width || size.height < SMALLEST.height || size.width > LARGEST.width
                    || size.height > LARGEST.height) {
                throw new TypeConversionException("'" + value + "' is out of range: frames are from " + SMALLEST
                        + " to " + LARGEST);
            }
            return size;
        }
    }
}
