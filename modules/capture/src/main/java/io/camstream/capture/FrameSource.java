package io.camstream.capture;

import java.io.IOException;

/**
 * Something that produces frames at its own pace: a camera, a file, a stream, the test pattern.
 *
 * <p>One thread calls {@link #grab()} in a loop; implementations need not be thread-safe except
 * for {@link #close()}, which may be called from another thread to stop a blocked grab.
 *
 * <p>A source that receives JPEGs (an MJPEG camera, RTP/JPEG, MJPEG over HTTP, a publisher) should
 * hand them over undecoded, with {@link Frame#ofJpeg}: viewers who want the picture as it is then
 * get the source's bytes unchanged (no decode, no encode), and it is decoded, once, only if someone
 * needs pixels. For example, with {@code packet} a fresh array holding one whole JPEG:
 *
 * <pre>{@code
 * Jpeg jpeg = Jpeg.parse(packet);               // reads the frame header only; IOException if malformed
 * budget.check(jpeg.width(), jpeg.height());    // optional here: the camera checks every frame anyway
 * return Frame.ofJpeg(++sequence, CaptureClock.nowMicros(), jpeg, decoder);
 * }</pre>
 *
 * where {@code decoder} turns the JPEG into pixels of {@link Jpeg#format()} from any thread, e.g.
 * {@code io.camstream.encode.JpegDecoder::pixels} (ImageIO) or the source's own codec.
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
