package io.camstream.capture;

import java.io.IOException;

/**
 * Something that produces frames at its own pace: a camera, a file, a stream, the test pattern.
 *
 * <p>One thread calls {@link #grab()} in a loop; implementations need not be thread-safe except
 * for {@link #close()}, which may be called from another thread to stop a blocked grab.
 */
public interface FrameSource extends AutoCloseable {

    /** What this source is and what it delivers, for logs and for clients. */
    SourceInfo info();

    /**
     * Blocks until the next frame is due and returns it; sequence numbers increase by one per call.
     *
     * @throws EndOfSourceException after the last frame of a finite source (not a failure)
     * @throws IOException when the source failed (the caller decides whether to retry; see
     *     {@link SupervisedSource})
     * @throws InterruptedException when the grabbing thread is interrupted
     */
    Frame grab() throws IOException, InterruptedException;

    @Override
    void close();
}
