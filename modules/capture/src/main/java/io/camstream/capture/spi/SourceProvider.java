package io.camstream.capture.spi;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import java.io.IOException;
import java.util.List;

/**
 * A kind of frame source, chosen by the scheme of {@code --source} ({@code camera:0},
 * {@code file:clip.mp4}, {@code rtsp://...}), found with {@link java.util.ServiceLoader}. Declare it
 * both with {@code provides io.camstream.capture.spi.SourceProvider with ...} in module-info and in
 * {@code META-INF/services/io.camstream.capture.spi.SourceProvider}.
 *
 * <p>Providers must be cheap to construct: loading natives belongs in {@link #availability()} (done
 * once and remembered) or {@link #open}, never in the constructor.
 */
public interface SourceProvider {

    /** Stable id for {@code camstream sources}, lower case, e.g. {@code camera}. */
    String name();

    /** The URI schemes this provider opens, lower case, e.g. {@code rtsp} and {@code http}. */
    List<String> schemes();

    /** The forms of {@code --source} it accepts, for help and error messages, e.g. {@code camera:INDEX}. */
    List<String> forms();

    /** One line for {@code camstream sources}. */
    String description();

    /** Never throws: reports unavailability (e.g. missing natives) with a reason instead. */
    Availability availability();

    /**
     * Opens the source; its first frame is ready soon after.
     *
     * @throws IllegalArgumentException when the spec or options are malformed, saying what is wrong
     * @throws SourceUnavailableException when the source can never work as given (no such camera
     *     or file), so starting a server on it is pointless
     * @throws IOException when opening failed in a way that may pass (a stream that is down, a
     *     busy camera): worth retrying
     */
    FrameSource open(SourceSpec spec, SourceOptions options) throws IOException, InterruptedException;
}
