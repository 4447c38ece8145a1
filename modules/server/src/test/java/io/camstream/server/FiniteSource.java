package io.camstream.server;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.TestPatternSource;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * A test double: the test pattern for a fixed number of frames, then silence (grab blocks until
 * closed), or NO SIGNAL placeholders when told to, so tests can count exactly what was produced.
 */
final class FiniteSource implements FrameSource {

    private final TestPatternSource pattern;
    private final int frames;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean placeholders;
    private int produced;

    FiniteSource(int width, int height, double fps, int frames) {
        this.pattern = new TestPatternSource(width, height, fps);
        this.frames = frames;
    }

    /** From now on, deliver NO SIGNAL placeholders (true) or real frames again (false). */
    void sendPlaceholders(boolean on) {
        placeholders = on;
    }

    int produced() {
        return produced;
    }

    @Override
    public SourceInfo info() {
        return pattern.info();
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        if (produced >= frames) {
            closed.await();
            throw new IOException("finite test source is closed");
        }
        Frame frame = pattern.grab();
        produced++;
        return placeholders
                ? new Frame(frame.sequence(), frame.captureEpochMicros(), frame.width(), frame.height(), frame.format(),
                        frame.pixels(), true, true)
                : frame;
    }

    @Override
    public void close() {
        pattern.close();
        closed.countDown();
    }
}
