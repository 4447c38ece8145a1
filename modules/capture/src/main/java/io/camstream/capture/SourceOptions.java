package io.camstream.capture;

import java.time.Duration;
import java.util.Objects;

/**
 * What the user asked of a source beyond its {@link SourceSpec}. Cameras treat size and rate as
 * requests (drivers round them; the source reports what it delivers); files and streams keep their
 * own size and rate unless one is given.
 *
 * @param width requested frame width, or 0 for the source's own (640 for cameras and the pattern)
 * @param height requested frame height, or 0 for the source's own (480 for cameras and the pattern)
 * @param fps requested frames per second, or 0 for the source's own (a file's rate, 30 otherwise)
 * @param loop whether a file starts again at its end (false: it ends, see {@link EndOfSourceException})
 * @param timeout how long a network stream may take to open or to deliver data before it is
 *     given up as dead
 */
public record SourceOptions(int width, int height, double fps, boolean loop, Duration timeout) {

    /** Size of cameras and the test pattern when none is requested. */
    public static final int DEFAULT_WIDTH = 640;
    public static final int DEFAULT_HEIGHT = 480;
    /** Rate of cameras and the test pattern when none is requested. */
    public static final double DEFAULT_FPS = 30;

    public SourceOptions {
        Objects.requireNonNull(timeout, "timeout");
        if (width < 0 || height < 0 || (width == 0) != (height == 0)) {
            throw new IllegalArgumentException(
                    "source size must be both positive or both 0, got " + width + "x" + height);
        }
        if (!(fps >= 0 && fps <= 1000)) {
            throw new IllegalArgumentException("source fps must be in 0..1000 (0 for the source's own), got " + fps);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("source timeout must be positive, got " + timeout);
        }
    }

    /** Nothing requested: every source's own size and rate, files loop, 10 s network timeout. */
    public static SourceOptions defaults() {
        return new SourceOptions(0, 0, 0, true, Duration.ofSeconds(10));
    }

    public SourceOptions withSize(int width, int height) {
        return new SourceOptions(width, height, fps, loop, timeout);
    }

    public SourceOptions withFps(double fps) {
        return new SourceOptions(width, height, fps, loop, timeout);
    }

    public SourceOptions withLoop(boolean loop) {
        return new SourceOptions(width, height, fps, loop, timeout);
    }

    public SourceOptions withTimeout(Duration timeout) {
        return new SourceOptions(width, height, fps, loop, timeout);
    }

    public boolean sizeRequested() {
        return width > 0;
    }

    public boolean fpsRequested() {
        return fps > 0;
    }

    /** The requested width, or the camera/pattern default. */
    public int widthOr(int fallback) {
        return sizeRequested() ? width : fallback;
    }

    public int heightOr(int fallback) {
        return sizeRequested() ? height : fallback;
    }

    public double fpsOr(double fallback) {
        return fpsRequested() ? fps : fallback;
    }
}
