package io.camstream.capture.javacv;

import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.SourceProviderContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The camera keeps the source contract; it opens one only on a machine that has a usable /dev/video0. */
class CameraSourceProviderTest extends SourceProviderContractTest {

    @Override
    protected SourceProvider provider() {
        return new CameraSourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("camera:front",
                        "'camera:front' names no camera; expected camera:INDEX (e.g. camera:0) or camera:/dev/videoN"),
                new MalformedSpec("camera:0?format=h264", "unknown camera format 'h264'; use mjpg or yuyv"),
                new MalformedSpec("camera:0?fps=5", "unknown camera parameter 'fps'; known: format"));
    }

    @Override
    protected Optional<String> workingSpec() {
        Path camera = Path.of("/dev/video0");
        return Files.isReadable(camera) && Files.isWritable(camera) ? Optional.of("camera:0") : Optional.empty();
    }
}
