package io.camstream.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A {@code WIDTHxHEIGHT} option value such as {@code 640x480}. */
record FrameSize(int width, int height) {

    @Override
    public String toString() {
        return width + "x" + height;
    }

    static final class Converter implements ITypeConverter<FrameSize> {
        @Override
        public FrameSize convert(String value) {
            String[] parts = value.toLowerCase(java.util.Locale.ROOT).split("x", -1);
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
}
