package io.camstream.cli;

import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.Sources;
import io.camstream.capture.SupervisedSource;
import io.camstream.capture.Supervision;
import java.io.IOException;

/**
 * The server's source: the {@code --source} kind found by scheme, opened and supervised here (the hub
 * would supervise it anyway) so that a source that can never work stops the server at once, and a
 * camera or stream that fails later is reopened while subscribers get "NO SIGNAL" frames.
 */
final class ServerSource {

    private ServerSource() {
    }

    /**
     * Opens and supervises a {@code --source} value.
     *
     * @throws IllegalArgumentException when the value or options are malformed or unsupported
     * @throws io.camstream.capture.SourceUnavailableException when the source can never work as
     *     given (no such camera or file): the server should not start
     */
    static SupervisedSource open(String source, SourceOptions options) throws IOException, InterruptedException {
        Sources sources = Sources.discover();
        SourceSpec spec = sources.parse(source);
        // Logs, start-up lines and Describe show the source by its name here: never with its password.
        String shown = spec.redacted();
        // Until the source says what it delivers, placeholders have the requested (or usual) size.
        SourceInfo expected = new SourceInfo(shown, options.widthOr(SourceOptions.DEFAULT_WIDTH),
                options.heightOr(SourceOptions.DEFAULT_HEIGHT), options.fpsOr(SourceOptions.DEFAULT_FPS),
                PixelFormat.BGR24);
        return SupervisedSource.start(shown, () -> sources.open(spec, options), Supervision.defaults(), expected);
    }

    /** Size and rate only when given on the command line: files and streams keep their own otherwise. */
    static SourceOptions options(FrameSize size, boolean sizeGiven, double fps, boolean fpsGiven, boolean once) {
        SourceOptions options = SourceOptions.defaults().withLoop(!once);
        if (sizeGiven) {
            options = options.withSize(size.width(), size.height());
        }
        return fpsGiven ? options.withFps(fps) : options;
    }
}
