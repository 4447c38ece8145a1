package io.camstream.capture.javacv;

import io.camstream.capture.SourceOptions;
import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.SourceProviderContractTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** Video files keep the source contract; the clip to open is written with FFmpeg when it is here. */
class FileSourceProviderTest extends SourceProviderContractTest {

    @TempDir
    Path dir;

    @Override
    protected SourceProvider provider() {
        return new FileSourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("file:", "file: needs a path, e.g. file:clip.mp4"),
                // The slip of writing file://clip.mp4 for a relative path: the URL's host is clip.mp4.
                new MalformedSpec("file://clip.mp4",
                        "'file://clip.mp4' is not a file path: URI has an authority component"));
    }

    @Override
    protected Optional<String> workingSpec() throws Exception {
        return Optional.of("file:" + Clips.write(dir.resolve("clip.mp4"), 10, 160, 120));
    }

    @Override
    protected SourceOptions workingOptions() {
        return SourceOptions.defaults().withFps(1000);
    }
}
