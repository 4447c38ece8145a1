package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.VideoDevices;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What can be checked without a camera: every way of naming one that cannot work says why. */
class CameraSourceTest {

    @TempDir
    Path root;

    @Test
    void noCameraAtAnIndexSaysWhatIsMissingAndWhatToTryInstead() throws Exception {
        CameraSourceProvider cameras = new CameraSourceProvider(
                VideoDevices.under(Files.createDirectory(root.resolve("dev")), root));

        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> cameras.open(SourceSpec.parse("camera:0"), SourceOptions.defaults()));

        assertEquals("no camera at index 0 (no " + root.resolve("dev/video0")
                + "); try --source pattern or --source file:PATH", e.getMessage());
    }

    @Test
    void theVideoDevicesThatDoExistAreListed() throws Exception {
        Path dev = Files.createDirectory(root.resolve("dev"));
        Files.createFile(dev.resolve("video2"));
        Files.createDirectories(root.resolve("sys/video2"));
        Files.writeString(root.resolve("sys/video2/name"), "USB Camera\n");
        CameraSourceProvider cameras = new CameraSourceProvider(VideoDevices.under(dev, root.resolve("sys")));

        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> cameras.open(SourceSpec.parse("camera:0"), SourceOptions.defaults()));

        assertTrue(e.getMessage().contains(
                "; video devices here: " + dev.resolve("video2") + " (USB Camera); try --source pattern"),
                e.getMessage());
    }

    @Test
    void aMissingDevicePathSaysSo() {
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new CameraSourceProvider().open(SourceSpec.parse("camera:/dev/video97"),
                        SourceOptions.defaults()));
        assertTrue(e.getMessage().startsWith("no camera at /dev/video97 (no such device)"), e.getMessage());
    }

    @Test
    void theRealMachineWithoutCamerasGivesTheMessageUsersSee() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/dev/video0")),
                "this machine has /dev/video0");
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> new CameraSourceProvider().open(SourceSpec.parse("camera:0"), SourceOptions.defaults()));
        assertTrue(e.getMessage().startsWith("no camera at index 0 (no /dev/video0)"), e.getMessage());
    }
}
