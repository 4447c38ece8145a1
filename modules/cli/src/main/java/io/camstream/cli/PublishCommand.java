package io.camstream.cli;

import io.camstream.capture.Frame;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.SupervisedSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.client.Publisher;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.PublishSummary;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camstream publish}: capture here, from any source the server can open, and push the frames to a camera
 * of a hub (one started with {@code --source NAME=publish}), for cameras behind NAT that viewers cannot reach.
 * The source is opened and supervised exactly as {@code camstream server} does it ({@link ServerSource}): a
 * source that can never work stops the command at once, one that fails later is reopened while the hub gets
 * NO SIGNAL pictures. The hub's refusals end it with one line and an exit status per reason
 * ({@link PublishRefusal}).
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Capture here and push the frames to a hub's published camera "
                + "(started with --source NAME=publish).")
final class PublishCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions connection = new ClientOptions();

    @Option(names = "--to", paramLabel = "HOST:PORT", required = true, converter = ServerAddress.class,
            description = "The hub to publish to (an IPv6 address in brackets: [::1]:50051).")
    String target;

    @Option(names = "--camera", paramLabel = "NAME", required = true,
            description = "The hub's published camera to feed.")
    String camera;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "pattern",
            description = "Where frames come from here, as for `camstream server`: pattern, camera:0, "
                    + "camera:/dev/video2, file:PATH, rtsp://..., http://..., grpc://HOST:PORT[/CAMERA] (see "
                    + "`camstream sources`). Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--once", description = "Stop at the end of a file source instead of looping it.")
    boolean once;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "640x480", converter = FrameSize.FrameConverter.class,
            description = "Frame size, from 160x120 to 7680x4320 (files and streams keep their own unless given). "
                    + "Default: ${DEFAULT-VALUE}.")
    FrameSize size;

    @Option(names = "--fps", defaultValue = "30", converter = NumberConverters.FramesPerSecond.class,
            description = "Frames per second, more than 0 and at most 1000 (files play at their own rate unless "
                    + "given). Default: ${DEFAULT-VALUE}.")
    double fps;

    @Option(names = "--encoder", paramLabel = "NAME", description = "Encoder plugin. Default: the best available.")
    String encoder;

    @Option(names = "--quality", defaultValue = "95", description = "JPEG quality, 1-100. Default: ${DEFAULT-VALUE}.")
    int quality;

    @Option(names = "--gray", description = "Publish gray instead of colour (the hub then cannot serve colour).")
    boolean gray;

    @Option(names = "--frames", paramLabel = "N", description = "Stop after capturing N frames.")
    Long frames;

    @Option(names = "--seconds", paramLabel = "S", converter = NumberConverters.Seconds.class,
            description = "Stop after S seconds.")
    Double seconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (frames != null && frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, got " + frames);
        }
        EncoderProvider provider = provider();
        EncoderOptions options = options();
        ClientSecurity security = connection.security();
        connection.warnIfTokenInTheClear(security, target, err);
        SupervisedSource frameSource;
        try {
            frameSource = openSource();
        } catch (SourceUnavailableException e) {
            err.println("camstream publish: " + e.getMessage());
            return 1;
        }
        AtomicBoolean sourceEnded = new AtomicBoolean();
        frameSource.onEnd(() -> {
            sourceEnded.set(true);
            frameSource.close();
        });
        try (frameSource;
             CamstreamClient client = connection.connect(security, target, CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES,
                     false)) {
            DescribeResponse hub;
            try {
                hub = client.describe(Duration.ofSeconds(10));
            } catch (StatusRuntimeException e) {
                return refused(e, client, err);
            }
            int limit = hub.getLimits().getMaxInboundMessageBytes();
            SourceInfo info = frameSource.info();
            // A relay or a stream knows its size only once its first frame is in.
            String delivers = info.width() == 0 ? "" : String.format(Locale.ROOT, " %dx%d at %.4g fps", info.width(),
                    info.height(), info.fps());
            out.printf(Locale.ROOT, "camstream publish: %s%s to camera '%s' of %s (camstream %s, frames up to %d "
                    + "bytes)%n", info.description(), delivers, camera, target, hub.getVersion(), limit);
            out.flush();
            try (Publisher publisher = new Publisher(client, camera, provider, options, limit)) {
                publishFrames(frameSource, publisher, sourceEnded, err);
                PublishSummary summary = publisher.finish(Duration.ofSeconds(10));
                out.printf(Locale.ROOT, "published %d frames (%d dropped while the link was busy); "
                        + "the hub received %d, replaced %d before use%n", publisher.sent(), publisher.dropped(),
                        summary.getFramesReceived(), summary.getFramesReplaced());
                return 0;
            } catch (StatusRuntimeException e) {
                return refused(e, client, err);
            } catch (TimeoutException e) {
                err.println("camstream publish: the hub did not confirm the stream within 10 s");
                return 1;
            }
        }
    }

    /** Grabs and sends until --frames, --seconds or the end of a --once file; a status line each second. */
    private void publishFrames(SupervisedSource frameSource, Publisher publisher, AtomicBoolean sourceEnded,
            PrintWriter err) throws IOException, InterruptedException {
        // Elapsed time against the limit, never start + limit: a limit of years must not overflow.
        long start = System.nanoTime();
        long runNanos = seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e9);
        long captured = 0;
        long noSignal = 0;
        long nextStatus = System.nanoTime() + 1_000_000_000L;
        while ((frames == null || captured < frames) && System.nanoTime() - start < runNanos) {
            Frame frame;
            try {
                frame = frameSource.grab();
            } catch (IOException e) {
                if (sourceEnded.get()) {
                    err.println("camstream publish: the source ended (--once)");
                    return;
                }
                throw e;
            }
            captured++;
            noSignal += frame.placeholder() ? 1 : 0;
            publisher.send(frame);
            if (System.nanoTime() >= nextStatus) {
                err.printf(Locale.ROOT, "captured %d  sent %d  dropped (link busy) %d%s%n", captured,
                        publisher.sent(), publisher.dropped(), noSignal == 0 ? "" : "  NO SIGNAL " + noSignal);
                err.flush();
                nextStatus += 1_000_000_000L;
            }
        }
    }

    /** Prints the hub's refusal in one line and returns its exit status. */
    private int refused(StatusRuntimeException e, CamstreamClient client, PrintWriter err) {
        PublishRefusal refusal = PublishRefusal.of(e.getStatus(), client, target, camera);
        err.println("camstream publish: " + refusal.line());
        err.flush();
        return refusal.exitStatus();
    }

    /**
     * Opens --source the way the server opens its sources, with --size and --fps meaning the same: the pattern's
     * size and rate, what is asked of a camera, and for files and streams only when given.
     *
     * @throws SourceUnavailableException when the source can never work as given (no such file or device)
     */
    private SupervisedSource openSource() throws IOException, InterruptedException {
        var given = spec.commandLine().getParseResult();
        ServerSource opening;
        try {
            opening = ServerSource.begin(source, ServerSource.options(size, given.hasMatchedOption("--size"), fps,
                    given.hasMatchedOption("--fps"), once));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage());
        }
        try {
            opening.verdict(System.nanoTime() + ServerCommand.VERDICT_WAIT.toNanos());
            return opening.supervise(ServerCommand.VERDICT_WAIT);
        } catch (IllegalArgumentException e) {
            opening.abandon();
            throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage());
        } catch (IOException | InterruptedException | RuntimeException e) {
            opening.abandon();
            throw e;
        }
    }

    private EncoderProvider provider() {
        Encoders encoders = Encoders.discover();
        try {
            return encoder == null ? encoders.best() : encoders.require(encoder);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "--encoder: " + e.getMessage());
        }
    }

    private EncoderOptions options() {
        try {
            return new EncoderOptions(quality, gray ? ColorMode.GRAY : ColorMode.COLOR);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--quality: " + e.getMessage());
        }
    }
}
