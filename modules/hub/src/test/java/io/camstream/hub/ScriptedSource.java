package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.TestPatternSource;
import java.io.IOException;

/**
 * A source for hub tests: test-pattern frames as fast as asked, up to an allowance; past it a grab
 * blocks (a hung driver) until the test allows more frames, asks for failures, or closes it.
 */
final class ScriptedSource implements FrameSource {

    private final TestPatternSource pattern;
    private int allowed;
    private int produced;
    private int failures;
    private Error error;
    private boolean closed;

    ScriptedSource(int width, int height, double fps, int frames) {
        this.pattern = new TestPatternSource(width, height, fps);
        this.allowed = frames;
    }

    /** Lets {@code frames} more frames through. */
    synchronized void allow(int frames) {
        allowed += frames;
        notifyAll();
    }

    /** The next {@code count} grabs fail, as an unplugged camera's do. */
    synchronized void failNext(int count) {
        failures += count;
        notifyAll();
    }

    /** The next grab throws this, as a source that ran out of memory does. */
    synchronized void errorNext(Error next) {
        error = next;
        notifyAll();
    }

    @Override
    public SourceInfo info() {
        return pattern.info();
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        synchronized (this) {
            while (!closed && failures == 0 && error == null && produced >= allowed) {
                wait();
            }
            if (closed) {
                throw new IOException("scripted source is closed");
            }
            if (error != null) {
                Error next = error;
                error = null;
                throw next;
            }
            if (failures > 0) {
                failures--;
                throw new IOException("scripted failure");
            }
            produced++;
        }
        return pattern.grab();
    }

    @Override
    public synchronized void close() {
        pattern.close();
        closed = true;
        notifyAll();
    }
}
