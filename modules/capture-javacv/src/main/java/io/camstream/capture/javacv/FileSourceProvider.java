package io.camstream.capture.javacv;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code file:PATH} (or {@code file:///abs/path}): any video file FFmpeg reads, paced at its own
 * frame rate unless one is requested, looping unless told to stop at the end.
 */
public final class FileSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "file";
    }

    @Override
    public List<String> schemes() {
        return List.of("file");
    }

    @Override
    public List<String> forms() {
        return List.of("file:PATH");
    }

    @Override
    public String description() {
        return "video file read by FFmpeg (mp4, mkv, avi, ...), paced at its frame rate, looping unless --once";
    }

    @Override
    public Availability availability() {
        return JavacvNatives.ffmpeg();
    }

    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException {
        Path file = path(spec).toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new SourceUnavailableException("no such file: " + file + " (from --source " + spec.redacted() + ")");
        }
        if (Files.isDirectory(file)) {
            throw new SourceUnavailableException(file + " is a directory, not a video file");
        }
        if (!Files.isReadable(file)) {
            throw new SourceUnavailableException("cannot read " + file + ": permission denied");
        }
        try {
            // A local file has no timeout: a read that blocks is a disk that hangs, and close() still interrupts it.
            return FFmpegSource.open(file.toString(), "file " + file.getFileName(), options, Map.of(), null);
        } catch (IOException e) {
            // A file that FFmpeg cannot read now will not become readable by waiting.
            throw new SourceUnavailableException(file + " is not a video FFmpeg can read: " + e.getMessage(), e);
        }
    }

    private static Path path(SourceSpec spec) {
        String location = spec.target();
        if (location.isEmpty()) {
            throw new IllegalArgumentException("file: needs a path, e.g. file:clip.mp4");
        }
        try {
            return location.startsWith("//") ? Path.of(URI.create("file:" + location)) : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec.redacted() + "' is not a file path: "
                    + spec.scrub(e.getMessage()));
        }
    }
}
