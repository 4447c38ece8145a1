package io.camstream.benchmarks;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelBudget;
import io.camstream.client.WireFrames;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.EncodedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.Hub;
import io.camstream.hub.Variant;
import io.camstream.protocol.v1.VideoFrame;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * What a hub spends on one published colour JPEG for N colour viewers, with MJPEG passthrough
 * (the JPEG's header read, its bytes sent as they are) and without (decoded, then encoded again at
 * quality 95 by the encoder plugin, as the hub did before and does for viewers who name a quality).
 * One op is one frame, from the received {@code Publish} message to a {@code VideoFrame} built for
 * every viewer, through the real hub ({@link Camera#encode}): frames per second on one thread.
 *
 * <p>Beside the rate, the thread's own CPU time is counted ({@link Cpu}: {@code cpuNanos} over
 * {@code frames}), because on a machine shared with other work the wall-clock rate of a long op
 * (a decode and an encode) suffers from preemption more than that of a short one: CPU time per
 * frame is what the two paths really cost, and their ratio the CPU passthrough saves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PassthroughBenchmark {

    /** The encoder plugin that encodes again; {@code Suite} passes every available one. */
    @Param({"opencv", "imageio"})
    public String encoder;

    @Param({"1280x720", "1920x1080"})
    public String size;

    /** Colour subscribers of the camera, all asking for the same thing. */
    @Param({"1", "10"})
    public int viewers;

    /** {@code passthrough}: viewers who name no quality; {@code reencode}: viewers who name 95. */
    @Param({"passthrough", "reencode"})
    public String path;

    /** What is measured is decoding and encoding, not fitting a message limit (see the 4 MiB table for that). */
    private static final int NO_LIMIT = Integer.MAX_VALUE;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private Hub hub;
    private Camera camera;
    private Variant variant;
    private List<VideoFrame> published;
    private long sequence;

    @Setup(Level.Trial)
    public void setUp() {
        hub = Hub.builder().encoders(Encoders.discover()).encoder(encoder).publishedCamera("bench").build();
        camera = hub.camera("bench");
        variant = hub.variant("", path.equals("passthrough") ? 0 : 95, ColorMode.COLOR, 0, 0);
        if (variant.acceptsSourceJpeg() != path.equals("passthrough")) {
            throw new IllegalStateException("the variant does not say what this run measures: " + variant);
        }
        // What an edge camera publishes: colour JPEGs at quality 95, as `camstream publish --color` sends them.
        published = new ArrayList<>();
        try (FrameEncoder edge = Encoders.discover().require(encoder)
                .create(new EncoderOptions(95, ColorMode.COLOR))) {
            for (Frame frame : TestFrames.bgr(Resolution.parse(size))) {
                published.add(WireFrames.videoFrame(frame, edge.encode(frame), encoder, 95, "edge").build());
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        long frames = sequence;
        long decodes = camera.decodeCount();
        hub.close();
        // A run that did not do what it says must not report a figure.
        if (path.equals("passthrough") ? decodes != 0 : decodes != frames) {
            throw new IllegalStateException(path + ": " + decodes + " decodes for " + frames + " frames");
        }
    }

    /** The measuring thread's CPU time and the frames it went to; JMH reports their sums per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cpu {
        public long cpuNanos;
        public long frames;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            frames = 0;
        }
    }

    @Benchmark
    public long frameToViewers(Cpu cpu) throws IOException {
        long start = THREADS.getCurrentThreadCpuTime();
        long bytes = toViewers();
        cpu.cpuNanos += THREADS.getCurrentThreadCpuTime() - start;
        cpu.frames++;
        return bytes;
    }

    private long toViewers() throws IOException {
        VideoFrame message = published.get((int) (sequence++ % published.size()));
        // What the hub does with a received frame: its JPEG copied out of the message, its header read and
        // checked against the pixel budget; a fresh CapturedFrame, since encodings are shared per frame.
        Frame frame = WireFrames.pending(message).decode(PixelBudget.DEFAULT);
        CapturedFrame captured = CapturedFrame.of(frame);
        long bytes = 0;
        for (int i = 0; i < viewers; i++) {
            FittedFrame fitted = camera.encode(captured, variant, NO_LIMIT);
            EncodedFrame encoded = fitted.encoded();
            // Each subscriber's own message, as the server's SubscribeDelivery builds it.
            bytes += WireFrames.videoFrame(encoded.frame(), encoded.image(), encoded.encoder(), encoded.quality(),
                    encoded.camera()).setAdapted(fitted.adapted()).build().getSerializedSize();
        }
        return bytes;
    }
}
