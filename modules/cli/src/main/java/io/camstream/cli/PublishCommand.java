package io.camstream.cli;

import io.camstream.capture.Frame;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.client.Publisher;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.PublishSummary;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camstream publish}: capture here and push the frames to a camera of a hub (one started with
 * {@code --source NAME=publish}), for cameras behind NAT that cannot be reached by viewers.
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
            description = "Where frames come from here. Supported: pattern. Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "640x480", converter = FrameSize.FrameConverter.class,
            description = "Frame size, from 160x120 to 7680x4320. Default: ${DEFAULT-VALUE}.")
    FrameSize size;

    @Option(names = "--fps", defaultValue = "30", converter = NumberConverters.FramesPerSecond.class,
            description = "Frames per second, more than 0 and at most 1000. Default: ${DEFAULT-VALUE}.")
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

    /** The source as it may be shown: a URL's password and secret parameters masked. */
    private static String redacted(String source) {
        try {
            return SourceSpec.parse(source).redacted();
        } catch (IllegalArgumentException e) {
            return "(not a source)";
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!source.equals("pattern")) {
            throw new ParameterException(spec.commandLine(),
                    "--source: unsupported source '" + redacted(source) + "'; supported: pattern");
        }
        if (frames != null && frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, got " + frames);
        }
        EncoderProvider provider = provider();
        EncoderOptions options = options();
        ClientSecurity security = connection.security();
        connection.warnIfTokenInTheClear(security, target, err);
        try (CamstreamClient client = connection.connect(security, target, CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES,
                false);
             TestPatternSource frameSource = testPattern()) {
            DescribeResponse hub;
            try {
                hub = client.describe(Duration.ofSeconds(10));
            } catch (StatusRuntimeException e) {
                err.println("camstream publish: " + ClientOptions.explain(client, target, e.getStatus())
                        .orElseGet(() -> "cannot reach " + target + ": " + oneLine(e.getStatus())));
                return 1;
            }
            int limit = hub.getLimits().getMaxInboundMessageBytes();
            out.printf(Locale.ROOT,
                    "camstream publish: %s %s to camera '%s' of %s (camstream %s, frames up to %d bytes)%n",
                    frameSource.info().description(), size, camera, target, hub.getVersion(), limit);
            out.flush();
            // Elapsed time against the limit, never start + limit: a limit of years must not overflow.
            long start = System.nanoTime();
            long runNanos = seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e9);
            long captured = 0;
            long nextStatus = System.nanoTime() + 1_000_000_000L;
            try (Publisher publisher = new Publisher(client, camera, provider, options, limit)) {
                while ((frames == null || captured < frames) && System.nanoTime() - start < runNanos) {
                    Frame frame = frameSource.grab();
                    captured++;
                    publisher.send(frame);
                    if (System.nanoTime() >= nextStatus) {
                        err.printf(Locale.ROOT, "captured %d  sent %d  dropped (link busy) %d%n",
                                captured, publisher.sent(), publisher.dropped());
                        err.flush();
                        nextStatus += 1_000_000_000L;
                    }
                }
                PublishSummary summary = publisher.finish(Duration.ofSeconds(10));
                out.printf(Locale.ROOT, "published %d frames (%d dropped while the link was busy); "
                        + "the hub received %d, replaced %d before use%n", publisher.sent(), publisher.dropped(),
                        summary.getFramesReceived(), summary.getFramesReplaced());
                return 0;
            } catch (StatusRuntimeException e) {
                err.println("camstream publish: " + ClientOptions.explain(client, target, e.getStatus())
                        .orElseGet(() -> "the hub refused or ended the stream: " + e.getStatus().getCode() + ": "
                                + e.getStatus().getDescription()));
                return 1;
            } catch (TimeoutException e) {
                err.println("camstream publish: the hub did not confirm the stream within 10 s");
                return 1;
            }
        }
    }

    /** A Status's own text carries its cause's whole stack trace: the code and description only. */
    private static String oneLine(Status status) {
        return status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription())
                + (status.getCode() == Status.Code.UNAVAILABLE ? " (is `camstream server` running there?)" : "");
    }

    private TestPatternSource testPattern() {
        try {
            return new TestPatternSource(size.width(), size.height(), fps);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
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
