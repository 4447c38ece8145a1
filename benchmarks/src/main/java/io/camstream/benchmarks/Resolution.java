package io.camstream.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A frame size written as {@code WIDTHxHEIGHT}, the form JMH {@code @Param}s and the command line use.
 *
 * @param width pixels per row
 * @param height rows
 */
public record Resolution(int width, int height) {

    /** The sizes the issue asks for: VGA, 720p, 1080p and 4K UHD. */
    public static final List<Resolution> STANDARD = List.of(
            new Resolution(640, 480), new Resolution(1280, 720), new Resolution(1920, 1080),
            new Resolution(3840, 2160));

    public Resolution {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("a resolution must be positive, got " + width + "x" + height);
        }
    }

    /** Parses {@code 640x480}. */
    public static Resolution parse(String text) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a resolution looks like 640x480, got '" + text + "'");
        }
        try {
            return new Resolution(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a resolution looks like 640x480, got '" + text + "'", e);
        }
    }

    /** Parses a comma-separated list such as {@code 640x480,1920x1080}. */
    public static List<Resolution> parseList(String text) {
        return Arrays.stream(text.split(",")).map(Resolution::parse).toList();
    }

    public int pixels() {
        return width * height;
    }

    @Override
    public String toString() {
        return width + "x" + height;
    }
}
