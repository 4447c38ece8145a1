package io.camstream.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Video4Linux device nodes of this machine ({@code /dev/video*}), with the driver's name for
 * each from sysfs. Reading them opens no device, so probing never disturbs a camera in use.
 */
public final class VideoDevices {

    private static final Pattern VIDEO_NODE = Pattern.compile("video(\\d+)");

    /**
     * One device node.
     *
     * @param path e.g. {@code /dev/video0}
     * @param index the number in its name
     * @param name what the driver calls it (empty when sysfs does not say)
     * @param accessible whether this user may open it for reading and writing, as V4L2 capture needs
     */
    public record Device(Path path, int index, String name, boolean accessible) {
    }

    private final Path dev;
    private final Path sysfs;

    private VideoDevices(Path dev, Path sysfs) {
        this.dev = dev;
        this.sysfs = sysfs;
    }

    /** This machine's devices. */
    public static VideoDevices system() {
        return new VideoDevices(Path.of("/dev"), Path.of("/sys/class/video4linux"));
    }

    /** Devices under other roots (for tests). */
    public static VideoDevices under(Path dev, Path sysfs) {
        return new VideoDevices(dev, sysfs);
    }

    /** The node for a camera index, e.g. {@code /dev/video0}, whether or not it exists. */
    public Path path(int index) {
        return dev.resolve("video" + index);
    }

    /** The video nodes present, lowest index first; empty on machines without any (or without /dev). */
    public List<Device> list() {
        try (Stream<Path> entries = Files.list(dev)) {
            return entries.map(this::device).flatMap(Stream::ofNullable)
                    .sorted(Comparator.comparingInt(Device::index)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private Device device(Path path) {
        Matcher matcher = VIDEO_NODE.matcher(path.getFileName().toString());
        if (!matcher.matches()) {
            return null;
        }
        return new Device(path, Integer.parseInt(matcher.group(1)), driverName(path.getFileName().toString()),
                Files.isReadable(path) && Files.isWritable(path));
    }

    private String driverName(String node) {
        try {
            return Files.readString(sysfs.resolve(node).resolve("name"), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
