package io.camstream.http;

import io.camstream.encode.ColorMode;
import io.camstream.hub.Camera;
import io.camstream.hub.Hub;
import io.camstream.hub.Variant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.util.Fields;

/**
 * What a /stream or /snapshot request asks for, from its query: the options of gRPC's Subscribe
 * ({@code camera}, {@code encoder}, {@code quality}, {@code color}, {@code max_fps}, {@code max_size}).
 *
 * @param cameraName as asked, "" for the default camera
 * @param encoder as asked, "" for the server's default
 * @param quality 1..100, 0 for the server's default
 * @param color null for the server's default
 * @param maxFps frames per second at most, 0 for no limit
 * @param maxWidth 0 for no limit
 * @param maxHeight 0 for no limit
 */
record FrameRequest(String cameraName, String encoder, int quality, ColorMode color, double maxFps, int maxWidth,
        int maxHeight) {

    /** A client's value is echoed in a refusal at most this long: no camera or encoder name is longer. */
    private static final int MAX_ECHO = 64;
    private static final Pattern SIZE = Pattern.compile("([0-9]{1,5})x([0-9]{1,5})");
    private static final Set<String> SNAPSHOT_OPTIONS = Set.of("camera", "encoder", "quality", "color", "max_size");
    private static final Set<String> STREAM_OPTIONS = Set.of("camera", "encoder", "quality", "color", "max_size",
            "max_fps");

    /**
     * Reads the options of a stream ({@code stream} true) or a snapshot; {@code ignored} names a parameter
     * the route itself used ({@code action} in mjpg-streamer's form), or null.
     *
     * @throws IllegalArgumentException naming the option and what it accepts
     */
    static FrameRequest parse(Fields query, boolean stream, String ignored) {
        Set<String> known = stream ? STREAM_OPTIONS : SNAPSHOT_OPTIONS;
        Set<String> unknown = new TreeSet<>();
        for (Fields.Field field : query) {
            if (!known.contains(field.getName()) && !field.getName().equals(ignored)) {
                unknown.add(echo(field.getName()));
            } else if (field.getValues().size() > 1) {
                throw new IllegalArgumentException(field.getName() + " is given " + field.getValues().size()
                        + " times; give it once");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; " + (stream ? "/stream" : "/snapshot") + " takes "
                    + String.join(", ", new TreeSet<>(known)));
        }
        int[] size = maxSize(query.getValue("max_size"));
        return new FrameRequest(echo(orEmpty(query.getValue("camera"))), echo(orEmpty(query.getValue("encoder"))),
                quality(query.getValue("quality")), color(query.getValue("color")), maxFps(query.getValue("max_fps")),
                size[0], size[1]);
    }

    /** The camera asked for. @throws io.camstream.hub.HubException NO_SUCH_CAMERA, naming the cameras */
    Camera camera(Hub hub) {
        return hub.camera(cameraName);
    }

    /** The variant asked for, defaults filled in. @throws IllegalArgumentException for a bad encoder */
    Variant variant(Hub hub) {
        return hub.variant(encoder, quality, color, maxWidth, maxHeight);
    }

    private static int quality(String value) {
        if (value == null) {
            return 0;
        }
        try {
            int quality = Integer.parseInt(value.trim());
            if (quality >= 1 && quality <= 100) {
                return quality;
            }
        } catch (NumberFormatException e) {
            // Said below, with what is accepted.
        }
        throw new IllegalArgumentException("quality must be a whole number from 1 to 100, got '" + echo(value) + "'");
    }

    private static ColorMode color(String value) {
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "gray", "grey" -> ColorMode.GRAY;
            case "color", "colour" -> ColorMode.COLOR;
            default -> throw new IllegalArgumentException("color must be gray or color, got '" + echo(value) + "'");
        };
    }

    private static double maxFps(String value) {
        if (value == null) {
            return 0;
        }
        try {
            double fps = Double.parseDouble(value.trim());
            if (fps > 0 && fps <= 1000) {
                return fps;
            }
        } catch (NumberFormatException e) {
            // Said below, with what is accepted.
        }
        throw new IllegalArgumentException("max_fps must be a number of frames per second above 0 (at most 1000), "
                + "got '" + echo(value) + "'");
    }

    private static int[] maxSize(String value) {
        if (value == null) {
            return new int[] {0, 0};
        }
        Matcher matcher = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            int width = Integer.parseInt(matcher.group(1));
            int height = Integer.parseInt(matcher.group(2));
            if (width > 0 && height > 0) {
                return new int[] {width, height};
            }
        }
        throw new IllegalArgumentException("max_size must be WIDTHxHEIGHT in pixels, e.g. 640x480, got '"
                + echo(value) + "'");
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** The value cut to {@value #MAX_ECHO} characters, control characters (which could forge lines) replaced. */
    static String echo(String value) {
        String cut = value.length() > MAX_ECHO ? value.substring(0, MAX_ECHO) + "…" : value;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
