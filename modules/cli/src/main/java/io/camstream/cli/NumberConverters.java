package io.camstream.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters for the flags that take a real number. Java parses "NaN", "Infinity" and "-5" as numbers
 * alike, and each would reach a source, a pacer or a deadline as nonsense; these refuse them by name,
 * with the range, before anything starts.
 */
final class NumberConverters {

    /** What every source and the pacer accept (see {@code SourceOptions}, {@code TestPatternSource}). */
    static final double MAX_FPS = 1000;

    private NumberConverters() {
    }

    /** A frame rate: more than 0, at most {@link #MAX_FPS}. */
    static final class FramesPerSecond implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double fps = parse(value, "a frame rate");
            if (!(fps > 0 && fps <= MAX_FPS)) {
                throw new TypeConversionException("'" + value + "' is out of range: frames per second must be more "
                        + "than 0 and at most " + (int) MAX_FPS);
            }
            return fps;
        }
    }

    /** A duration in seconds: positive and finite (fractions allowed). */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double seconds = parse(value, "a number of seconds");
            if (!(seconds > 0 && Double.isFinite(seconds))) {
                throw new TypeConversionException("'" + value + "' is out of range: seconds must be more than 0 "
                        + "(fractions allowed, such as 0.5)");
            }
            return seconds;
        }
    }

    private static double parse(String value, String what) {
        try {
            return Double.parseDouble(value.strip());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + value + "' is not " + what);
        }
    }
}
