package io.camstream.cli;

import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.Sources;
import io.camstream.capture.SupervisedSource;
import io.camstream.capture.Supervision;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One {@code --source} of the server, opened in the background. Its kind is checked at once (an
 * unsupported or unavailable one is refused before anything starts); then its first open runs on a
 * thread of its own, so that a camera that never answers cannot hold up the server: the server waits
 * for a {@link #verdict} only briefly, long enough to refuse a source that can never work (no such
 * file or device fails in milliseconds), and a source still opening after that starts down, with
 * NO SIGNAL frames, under the supervision that reopens failed sources, which takes over that first
 * open where it stands.
 */
final class ServerSource {

    private final Sources sources;
    private final SourceSpec spec;
    private final SourceOptions options;
    private final CompletableFuture<FrameSource> firstOpen = new CompletableFuture<>();
    /** Whether the supervisor has taken the first open over: it is handed over once, then sources open afresh. */
    private final AtomicBoolean handedOver = new AtomicBoolean();

    private ServerSource(Sources sources, SourceSpec spec, SourceOptions options) {
        this.sources = sources;
        this.spec = spec;
        this.options = options;
    }

    /**
     * Starts opening a {@code --source} value in the background.
     *
     * @throws IllegalArgumentException when the value is malformed, or its kind is unsupported or unavailable here
     */
    static ServerSource begin(String source, SourceOptions options) {
        Sources sources = Sources.discover();
        SourceSpec spec = sources.parse(source);
        // Here, not in the background: loading a kind's natives takes a second, and "not available here" is a
        // mistake to refuse, not a camera to wait for.
        sources.require(spec);
        ServerSource opening = new ServerSource(sources, spec, options);
        Thread opener = new Thread(() -> {
            try {
                opening.firstOpen.complete(sources.open(spec, options));
            } catch (Throwable e) {
                opening.firstOpen.completeExceptionally(e);
            }
        }, "camstream-open-" + spec.scheme());
        opener.setDaemon(true);
        opener.start();
        return opening;
    }

    /** Logs, start-up lines and Describe show the source this way: never with its password. */
    String shown() {
        return spec.redacted();
    }

    /**
     * Waits until {@code deadlineNanos} (of {@link System#nanoTime}) for the first open to fail in a way that
     * means the source can never work as given; returns at once when it opened, and at the deadline when it is
     * still opening.
     *
     * @throws SourceUnavailableException when it can never work as given (no such camera or
     *     file): the server should not start
     * @throws IllegalArgumentException when the options do not suit it
     */
    void verdict(long deadlineNanos) throws IOException, InterruptedException {
        try {
            firstOpen.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Still opening: the server starts without it.
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SourceUnavailableException unavailable) {
                throw unavailable;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            // Any other failure may pass: the supervisor retries it.
        }
    }

    /**
     * The source under supervision: up when the first open succeeded, else down with NO SIGNAL frames, taking
     * over the first open (or its failure) and reopening from then on.
     */
    SupervisedSource supervise(Duration stillOpeningAfter) throws IOException, InterruptedException {
        String shown = shown();
        // Until the source says what it delivers, placeholders have the requested (or usual) size.
        SourceInfo expected = new SourceInfo(shown, options.widthOr(SourceOptions.DEFAULT_WIDTH),
                options.heightOr(SourceOptions.DEFAULT_HEIGHT), options.fpsOr(SourceOptions.DEFAULT_FPS),
                PixelFormat.BGR24);
        AtomicBoolean first = new AtomicBoolean(true);
        return SupervisedSource.start(shown, () -> {
            // The supervisor's first call must not wait: a source still opening starts down, at once.
            if (first.getAndSet(false) && !firstOpen.isDone()) {
                throw new IOException("still opening after " + stillOpeningAfter.toMillis() + " ms; the server "
                        + "started without it");
            }
            return handedOver.getAndSet(true) ? sources.open(spec, options) : takeOverFirstOpen();
        }, Supervision.defaults(), expected);
    }

    /** The server does not start after all: should the first open still succeed, the source is closed. */
    void abandon() {
        if (!handedOver.getAndSet(true)) {
            firstOpen.thenAccept(FrameSource::close);
        }
    }

    /** The first open's outcome, waited for on the supervisor's worker (which gives up on it after its timeout). */
    private FrameSource takeOverFirstOpen() throws IOException, InterruptedException {
        try {
            return firstOpen.get();
        } catch (InterruptedException e) {
            // Given up on: should it open after all, nobody else would close it.
            firstOpen.thenAccept(FrameSource::close);
            throw e;
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof IOException io) {
                throw io;
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof InterruptedException) {
                throw new InterruptedIOException("opening was interrupted");
            }
            throw new IOException(failure);
        }
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
