package io.camstream.benchmarks;

import io.camstream.capture.Frame;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * Stage 2 alone: JPEG encoding of frames that are already gray, so neither gray conversion nor
 * base64 is in the score. (A colour encode has no gray stage: its hot path score is this stage
 * plus base64.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EncodeStageBenchmark {

    // turbojpeg exists only where the build had Debian's libturbojpeg-java (the turbojpeg profile); elsewhere
    // name the encoders with -p encoder=..., as Suite does with the ones it discovers.
    @Param({"opencv", "turbojpeg", "opencv-strips", "imageio"})
    public String encoder;

    @Param({"640x480", "1280x720", "1920x1080", "3840x2160"})
    public String size;

    @Param({"80", "95"})
    public int quality;

    private List<Frame> frames;
    private FrameEncoder frameEncoder;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        frames = TestFrames.bgr(Resolution.parse(size)).stream().map(TestFrames::gray).toList();
        frameEncoder = Encoders.discover().require(encoder).create(new EncoderOptions(quality, ColorMode.GRAY));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frameEncoder.close();
    }

    @Benchmark
    public byte[] jpegFromGray() {
        Frame frame = frames.get(next);
        next = (next + 1) % frames.size();
        return frameEncoder.encode(frame).data();
    }
}
