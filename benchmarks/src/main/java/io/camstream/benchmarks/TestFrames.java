package io.camstream.benchmarks;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.Grayscale;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark inputs: test-pattern frames in the camera's format (BGR24), with the pattern's
 * texture, motion and per-frame noise, so JPEG sizes and entropy-coding time look like a real
 * camera's. Several distinct frames are cycled, because encoding one frame over and over flatters
 * the caches and the branch predictor.
 */
public final class TestFrames {

    /** How many distinct frames a benchmark cycles through. */
    public static final int DISTINCT = 4;

    private TestFrames() {
    }

    /** {@link #DISTINCT} consecutive camera-format frames of this size. */
    public static List<Frame> bgr(Resolution size) {
        return bgr(size, DISTINCT);
    }

    /** {@code count} consecutive camera-format frames of this size. */
    public static List<Frame> bgr(Resolution size, int count) {
        // 1000 fps is the source's fastest pace: the frames come as fast as they can be drawn.
        try (TestPatternSource source = new TestPatternSource(size.width(), size.height(), 1000)) {
            List<Frame> frames = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                frames.add(source.grab());
            }
            return frames;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while drawing test frames", e);
        }
    }

    /** The same frame already gray (the pure-Java conversion), for timing an encoder without it. */
    public static Frame gray(Frame bgr) {
        byte[] luma = Grayscale.luma(bgr, null);
        return new Frame(bgr.sequence(), bgr.captureEpochMicros(), bgr.width(), bgr.height(), PixelFormat.GRAY8, luma);
    }

    /**
     * Writes the first test frame of each size as a binary PPM ({@code frame-WxH.ppm}, RGB as the
     * format requires), the same picture the JMH suite encodes, for {@code tjbench}.
     *
     * <p>Usage: {@code TestFrames DIRECTORY [WxH,...]}
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: TestFrames DIRECTORY [WxH,...]");
            System.exit(2);
        }
        Path directory = Files.createDirectories(Path.of(args[0]));
        List<Resolution> sizes = args.length > 1 ? Resolution.parseList(args[1]) : Resolution.STANDARD;
        for (Resolution size : sizes) {
            Path file = directory.resolve("frame-" + size + ".ppm");
            writePpm(bgr(size, 1).get(0), file);
            System.out.println(file);
        }
    }

    /** Writes a BGR24 frame as a binary PPM (P6), whose samples are in RGB order. */
    public static void writePpm(Frame frame, Path file) throws IOException {
        if (frame.format() != PixelFormat.BGR24) {
            throw new IllegalArgumentException("writePpm needs a BGR24 frame, got " + frame.format());
        }
        byte[] bgr = frame.pixels();
        byte[] rgb = new byte[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2];
            rgb[i + 1] = bgr[i + 1];
            rgb[i + 2] = bgr[i];
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("P6\n" + frame.width() + " " + frame.height() + "\n255\n").getBytes(StandardCharsets.US_ASCII));
            out.write(rgb);
        }
    }
}
