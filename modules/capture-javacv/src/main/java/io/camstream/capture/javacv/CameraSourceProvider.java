package io.camstream.capture.javacv;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.VideoDevices;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code camera:INDEX} and {@code camera:/dev/videoN}, optionally {@code ?format=mjpg|yuyv}: a V4L2
 * camera through OpenCV, asked for the requested size and rate (640x480 at 30 fps by default).
 */
public final class CameraSourceProvider implements SourceProvider {

    private static final String TRY_INSTEAD = "try --source pattern or --source file:PATH";

    private final VideoDevices devices;

    public CameraSourceProvider() {
        this(VideoDevices.system());
    }

    CameraSourceProvider(VideoDevices devices) {
        this.devices = devices;
    }

    @Override
    public String name() {
        return "camera";
    }

    @Override
    public List<String> schemes() {
        return List.of("camera");
    }

    @Override
    public List<String> forms() {
        return List.of("camera:INDEX", "camera:/dev/videoN[?format=mjpg|yuyv]");
    }

    @Override
    public String description() {
        return "V4L2 camera through OpenCV VideoCapture; size, fps and format are requests,"
                + " the delivered ones are reported";
    }

    @Override
    public Availability availability() {
        return JavacvNatives.opencv();
    }

    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException {
        String fourcc = fourcc(spec.parameters());
        Path device = device(spec);
        if (!Files.exists(device)) {
            throw new SourceUnavailableException(noCamera(spec.location(), device));
        }
        if (!Files.isReadable(device) || !Files.isWritable(device)) {
            throw new SourceUnavailableException("cannot open camera " + device
                    + ": permission denied (is this user in the 'video' group?)");
        }
        return CameraSource.open(device, options.widthOr(SourceOptions.DEFAULT_WIDTH),
                options.heightOr(SourceOptions.DEFAULT_HEIGHT), options.fpsOr(SourceOptions.DEFAULT_FPS), fourcc);
    }

    private Path device(SourceSpec spec) {
        String location = spec.location();
        if (location.matches("\\d{1,3}")) {
            return devices.path(Integer.parseInt(location));
        }
        if (location.startsWith("/dev/")) {
            return Path.of(location);
        }
        throw new IllegalArgumentException("'" + spec.redacted() + "' names no camera;"
                + " expected camera:INDEX (e.g. camera:0) or camera:/dev/videoN");
    }

    private String noCamera(String location, Path device) {
        String what = location.matches("\\d+") ? "no camera at index " + location + " (no " + device + ")"
                : "no camera at " + device + " (no such device)";
        List<VideoDevices.Device> present = devices.list();
        String found = present.isEmpty() ? "" : "; video devices here: " + present.stream()
                .map(d -> d.path() + (d.name().isEmpty() ? "" : " (" + d.name() + ")"))
                .collect(Collectors.joining(", "));
        return what + found + "; " + TRY_INSTEAD;
    }

    private static String fourcc(Map<String, String> parameters) {
        String format = null;
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (!parameter.getKey().equals("format")) {
                throw new IllegalArgumentException("unknown camera parameter '" + parameter.getKey()
                        + "'; known: format");
            }
            format = switch (parameter.getValue().toLowerCase(Locale.ROOT)) {
                case "mjpg", "mjpeg" -> "MJPG";
                case "yuyv" -> "YUYV";
                default -> throw new IllegalArgumentException("unknown camera format '" + parameter.getValue()
                        + "'; use mjpg or yuyv");
            };
        }
        return format;
    }
}
