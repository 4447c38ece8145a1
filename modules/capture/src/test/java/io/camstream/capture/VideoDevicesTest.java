package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoDevicesTest {

    @Test
    void listsVideoNodesInOrderWithTheirDriverNames(@TempDir Path root) throws Exception {
        Path dev = Files.createDirectory(root.resolve("dev"));
        Path sysfs = Files.createDirectories(root.resolve("sys"));
        for (String node : List.of("video10", "video2", "vhci", "video0x", "null")) {
            Files.createFile(dev.resolve(node));
        }
        Files.createDirectories(sysfs.resolve("video2"));
        Files.writeString(sysfs.resolve("video2/name"), "HD Pro Webcam C920\n");

        VideoDevices devices = VideoDevices.under(dev, sysfs);

        assertEquals(List.of(new VideoDevices.Device(dev.resolve("video2"), 2, "HD Pro Webcam C920", true),
                new VideoDevices.Device(dev.resolve("video10"), 10, "", true)), devices.list());
        assertEquals(dev.resolve("video0"), devices.path(0));
        assertEquals(List.of(), VideoDevices.under(root.resolve("missing"), sysfs).list());
    }
}
