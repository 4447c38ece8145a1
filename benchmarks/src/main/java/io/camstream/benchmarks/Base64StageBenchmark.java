package io.camstream.benchmarks;

import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Stage 3 alone: base64 of real JPEGs of this size (gray, quality 95, the sample's settings), made
 * once in set-up by the best encoder; both encoders give the same sizes, so the choice does not matter.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class Base64StageBenchmark {

    @Param({"640x480", "1280x720", "1920x1080", "3840x2160"})
    public String size;

    private List<byte[]> jpegs;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        try (FrameEncoder encoder = Encoders.discover().best().create(new EncoderOptions(95, ColorMode.GRAY))) {
            jpegs = TestFrames.bgr(Resolution.parse(size)).stream().map(f -> encoder.encode(f).data()).toList();
        }
    }

    @Benchmark
    public byte[] base64() {
        byte[] jpeg = jpegs.get(next);
        next = (next + 1) % jpegs.size();
        return Base64.getEncoder().encode(jpeg);
    }
}
