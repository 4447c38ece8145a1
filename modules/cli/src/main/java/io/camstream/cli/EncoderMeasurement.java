package io.camstream.cli;

import io.camstream.capture.Frame;
import io.camstream.capture.TestPatternSource;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick single-threaded measure of one encoder on test-pattern frames: BGR in, JPEG out (gray
 * conversion included). A sanity check for choosing an encoder on a given machine, not a
 * benchmark: the JMH suite is the place for numbers to compare across runs.
 *
 * @param framesPerSecond frames encoded per second after warm-up
 * @param meanBytes mean JPEG size
 */
record EncoderMeasurement(double framesPerSecond, double meanBytes) {

    private static final int DISTINCT_FRAMES = 8;

    /** Distinct frames of this size for {@link #measure}: encoding one frame over and over flatters caches. */
    static List<Frame> frames(FrameSize size) throws IOException, InterruptedException {
        List<Frame> frames = new ArrayList<>();
        try (TestPatternSource source = new TestPatternSource(size.width(), size.height(), 1000)) {
            for (int i = 0; i < DISTINCT_FRAMES; i++) {
                frames.add(source.grab());
            }
        }
        return frames;
    }

    static EncoderMeasurement measure(EncoderProvider provider, EncoderOptions options, List<Frame> frames, int count) {
        try (FrameEncoder encoder = provider.create(options)) {
            // Warm up for a second at least: the pure-Java path needs thousands of frames before the JIT settles.
            long warmUntil = System.nanoTime() + 1_000_000_000L;
            for (int i = 0; i < Math.max(20, count / 5) || System.nanoTime() < warmUntil; i++) {
                encoder.encode(frames.get(i % frames.size()));
            }
            long bytes = 0;
            long start = System.nanoTime();
            for (int i = 0; i < count; i++) {
                bytes += encoder.encode(frames.get(i % frames.size())).data().length;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new EncoderMeasurement(count / seconds, (double) bytes / count);
        }
    }
}
