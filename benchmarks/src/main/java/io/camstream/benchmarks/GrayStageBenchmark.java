package io.camstream.benchmarks;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import io.camstream.capture.Frame;
import io.camstream.encode.Grayscale;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.opencv_core.Mat;
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
 * Stage 1 alone: BGR to gray. {@code javaLoop} is what the {@code imageio} encoder does
 * ({@link Grayscale}); {@code opencvCvtColor} is what the {@code opencv} encoder does, including
 * the copy of the frame into native memory that its encode pays for too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class GrayStageBenchmark {

    @Param({"640x480", "1280x720", "1920x1080", "3840x2160"})
    public String size;

    private List<Frame> frames;
    private byte[] gray;
    private Mat input;
    private Mat grayMat;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Resolution resolution = Resolution.parse(size);
        frames = TestFrames.bgr(resolution);
        gray = new byte[resolution.pixels()];
        input = new Mat(resolution.height(), resolution.width(), CV_8UC3);
        grayMat = new Mat(resolution.height(), resolution.width(), CV_8UC1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        input.close();
        grayMat.close();
    }

    @Benchmark
    public byte[] javaLoop() {
        Frame frame = nextFrame();
        Grayscale.fromBgr(frame.pixels(), gray, gray.length);
        return gray;
    }

    @Benchmark
    public Mat opencvCvtColor() {
        Frame frame = nextFrame();
        input.data().put(frame.pixels(), 0, frame.pixels().length);
        cvtColor(input, grayMat, COLOR_BGR2GRAY);
        return grayMat;
    }

    private Frame nextFrame() {
        Frame frame = frames.get(next);
        next = (next + 1) % frames.size();
        return frame;
    }
}
