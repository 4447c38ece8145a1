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
 * camstream's own hot path, per frame: the camera's BGR frame to the gray JPEG a {@code camstream.v1}
 * {@code VideoFrame} carries as it is. The same work as {@code tjbench -subsamp gray} on the same frame,
 * which makes it the fair comparison with libjpeg-turbo's own speed; {@link HotPathBenchmark} adds the
 * base64 only the original sample's protocol needs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SendPathBenchmark {

    /** Encoder plugin name; {@code Suite} passes every available one it discovers. */
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
        frames = TestFrames.bgr(Resolution.parse(size));
        frameEncoder = Encoders.discover().require(encoder).create(new EncoderOptions(quality, ColorMode.GRAY));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frameEncoder.close();
    }

    @Benchmark
    public byte[] grayJpegFromBgr() {
        Frame frame = frames.get(next);
        next = (next + 1) % frames.size();
        return frameEncoder.encode(frame).data();
    }
}
