package io.camstream.capture;

import java.io.IOException;
import java.time.Clock;
import java.util.SplittableRandom;

/**
 * A moving, photo-like test picture that needs no camera: the default source.
 *
 * <p>It pans across a wide background of smooth colour gradients, fine texture, a zone plate and a
 * checkerboard, moves a shaded disc over it, and adds fresh sensor-like noise to every frame, so its
 * JPEGs are about as large as a real camera's and no two frames encode alike. Each frame carries its
 * sequence number and capture time as a {@link FrameStamp}; the capture time is when the picture was
 * complete (all but the stamp drawn), as a camera's is when its exposure is read out. Frames are
 * paced to the requested rate on a fixed schedule; a caller that falls behind gets the next frame at
 * once and the schedule restarts from there rather than bursting to catch up.
 */
public final class TestPatternSource implements FrameSource {

    /** Default noise amplitude (± levels out of 255), about what a cheap webcam shows indoors. */
    public static final int DEFAULT_NOISE = 4;
    private static final int NOISE_TABLE_SIZE = 1 << 20;

    private final int width;
    private final int height;
    private final double fps;
    private final Clock clock;
    private final FramePacer pacer;
    private final TestPatternBackground background;
    private final byte[] noise;
    private final SplittableRandom random = new SplittableRandom(0x5EED);

    private long sequence;
    private volatile boolean closed;

    public TestPatternSource(int width, int height, double fps) {
        this(width, height, fps, DEFAULT_NOISE, Clock.systemUTC());
    }

    /**
     * @param noise amplitude of the per-frame noise in levels (0 for none, at most 64)
     * @param clock where capture times come from
     */
    public TestPatternSource(int width, int height, double fps, int noise, Clock clock) {
        if (width < FrameStamp.MIN_WIDTH || height < FrameStamp.MIN_HEIGHT || width > 7680 || height > 4320) {
            throw new IllegalArgumentException("test pattern size must be between " + FrameStamp.MIN_WIDTH + "x"
                    + FrameStamp.MIN_HEIGHT + " and 7680x4320, got " + width + "x" + height);
        }
        if (!(fps > 0 && fps <= 1000)) {
            throw new IllegalArgumentException("test pattern fps must be in (0, 1000], got " + fps);
        }
        if (noise < 0 || noise > 64) {
            throw new IllegalArgumentException("test pattern noise must be in 0..64, got " + noise);
        }
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.clock = clock;
        this.pacer = new FramePacer(fps);
        this.background = new TestPatternBackground(width, height);
        this.noise = new byte[NOISE_TABLE_SIZE];
        for (int i = 0; i < this.noise.length; i++) {
            this.noise[i] = (byte) (noise == 0 ? 0 : random.nextInt(-noise, noise + 1));
        }
    }

    @Override
    public SourceInfo info() {
        return new SourceInfo("test pattern", width, height, fps, PixelFormat.BGR24);
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        pacer.awaitNext();
        if (closed) {
            throw new IOException("test pattern source is closed");
        }
        sequence++;
        byte[] pixels = new byte[PixelFormat.BGR24.frameBytes(width, height)];
        background.render(pixels, sequence);
        addNoise(pixels);
        // A camera's capture time is when its picture is complete, so the time is taken once the picture
        // is drawn: drawing (milliseconds at large sizes) is then not counted as transport by viewers. Only
        // the stamp comes after, as it must carry that time; it overwrites a small corner, whole, at once.
        long captureMicros = CaptureClock.nowMicros(clock);
        FrameStamp.draw(pixels, width, height, PixelFormat.BGR24, sequence, captureMicros);
        return new Frame(sequence, captureMicros, width, height, PixelFormat.BGR24, pixels, false, true);
    }

    @Override
    public void close() {
        closed = true;
    }

    private void addNoise(byte[] pixels) {
        int phase = random.nextInt(NOISE_TABLE_SIZE);
        int mask = NOISE_TABLE_SIZE - 1;
        for (int i = 0; i < pixels.length; i++) {
            int value = (pixels[i] & 0xFF) + noise[(i + phase) & mask];
            pixels[i] = (byte) (value < 0 ? 0 : Math.min(value, 255));
        }
    }

}
