package io.camstream.cli;

import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.transport.CamstreamClient;
import io.camstream.transport.FrameListener;
import io.camstream.transport.Subscription;
import io.grpc.Status;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code camstream view}: watch a server, checking and measuring every frame. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Watch a camstream server. --headless prints a live status line (fps, latency, skipped) "
                + "and a summary; every frame is decoded and checked against its metadata.")
final class ViewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:50051",
            description = "The server to watch. Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--headless", description = "No window: print status lines and a summary.")
    boolean headless;

    @Option(names = "--frames", paramLabel = "N", description = "Stop after N frames.")
    Long frames;

    @Option(names = "--seconds", paramLabel = "S", description = "Stop after S seconds.")
    Double seconds;

    @Option(names = "--json", description = "Print the summary as one JSON object on the last line of standard output.")
    boolean json;

    @Option(names = "--encoder", paramLabel = "NAME", description = "Ask for this encoder plugin. Default: the server's.")
    String encoder;

    @Option(names = "--quality", description = "Ask for this JPEG quality, 1-100. Default: the server's.")
    Integer quality;

    @Option(names = "--color", description = "Ask for colour instead of the server's default.")
    boolean color;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        ViewStats stats = new ViewStats();
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Status> end = new AtomicReference<>();
        Clock clock = Clock.systemUTC();
        PrintWriter err = spec.commandLine().getErr();
        boolean interactive = System.console() != null;

        try (CamstreamClient client = CamstreamClient.connect(target);
             Subscription subscription = client.subscribe(request(), new FrameListener() {
                 @Override
                 public void onFrame(VideoFrame frame) {
                     long arrival = epochMicros(clock.instant());
                     stats.record(frame, arrival, PictureChecker.check(frame));
                     if (frames != null && stats.frames() >= frames) {
                         done.countDown();
                     }
                 }

                 @Override
                 public void onEnd(Status status) {
                     end.set(status);
                     done.countDown();
                 }
             })) {
            long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + (long) (seconds * 1e9);
            while (!done.await(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)), TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() >= deadline) {
                    break;
                }
                err.print((interactive ? "\r" : "") + stats.statusLine() + (interactive ? "" : "\n"));
                err.flush();
            }
            subscription.cancel();
        }
        err.println((interactive ? "\r" : "") + stats.statusLine());
        Status status = end.get();
        boolean complete = frames == null || stats.frames() >= frames;
        if (status != null && !complete) {
            err.println("camstream view: the stream from " + target + " ended: " + describe(status));
        }
        if (json) {
            spec.commandLine().getOut().println(stats.toJson(target));
            spec.commandLine().getOut().flush();
        }
        if (stats.failedChecks() > 0) {
            err.println("camstream view: " + stats.failedChecks() + " frames failed their checks (order, decoding or stamp)");
            return 1;
        }
        return complete && stats.frames() > 0 ? 0 : 1;
    }

    private void validate() {
        if (!headless) {
            throw new ParameterException(spec.commandLine(),
                    "the desktop window is not available yet; add --headless to watch from the terminal");
        }
        if (frames != null && frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, got " + frames);
        }
        if (seconds != null && !(seconds > 0)) {
            throw new ParameterException(spec.commandLine(), "--seconds must be positive, got " + seconds);
        }
        if (quality != null && (quality < 1 || quality > 100)) {
            throw new ParameterException(spec.commandLine(), "--quality must be between 1 and 100, got " + quality);
        }
    }

    private SubscribeRequest request() {
        SubscribeRequest.Builder request = SubscribeRequest.newBuilder();
        if (encoder != null) {
            request.setEncoder(encoder);
        }
        if (quality != null) {
            request.setQuality(quality);
        }
        if (color) {
            request.setColor(ColorMode.COLOR_MODE_COLOR);
        }
        return request.build();
    }

    private String describe(Status status) {
        if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
            return status.getCode() + ": " + status.getDescription() + " (is `camstream server` running at " + target + "?)";
        }
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
    }

    private static long epochMicros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000;
    }
}
