package io.camstream.cli;

import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.SupervisedSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.transport.CamstreamServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code camstream server}: capture from a source and serve it until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Capture from a source and serve it over gRPC (camstream.v1 and the original MainServer) until stopped.")
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "pattern",
            description = "Where frames come from: pattern (a moving test picture), camera:0, camera:/dev/video2, file:PATH,"
                    + " rtsp://..., http://... (see `camstream sources`). Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--once", description = "Stop the server at the end of a file source instead of looping it.")
    boolean once;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "640x480", converter = FrameSize.Converter.class,
            description = "Frame size. Default: ${DEFAULT-VALUE}.")
    FrameSize size;

    @Option(names = "--fps", defaultValue = "30", description = "Frames per second to capture. Default: ${DEFAULT-VALUE}.")
    double fps;

    @Option(names = "--encoder", paramLabel = "NAME",
            description = "Default encoder plugin (see `camstream encoders`). Default: the best available.")
    String encoder;

    @Option(names = "--quality", defaultValue = "" + EncoderOptions.DEFAULT_QUALITY,
            description = "Default JPEG quality, 1-100. Default: ${DEFAULT-VALUE}.")
    int quality;

    @Option(names = "--color", description = "Send colour by default instead of grayscale (legacy clients always get gray).")
    boolean color;

    @Option(names = "--port", defaultValue = "" + CamstreamServer.DEFAULT_PORT,
            description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "Address to listen on; 127.0.0.1 for this machine only. Default: ${DEFAULT-VALUE} (all interfaces).")
    String bind;

    @Override
    public Integer call() throws IOException, InterruptedException {
        EncoderOptions options = options();
        Encoders encoders = Encoders.discover();
        String encoderName = encoderName(encoders);
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
        }
        SupervisedSource frames;
        try {
            frames = openSource();
        } catch (SourceUnavailableException e) {
            spec.commandLine().getErr().println("camstream server: " + e.getMessage());
            return 1;
        }
        CamstreamServer server;
        try {
            server = CamstreamServer.builder(frames).encoders(encoders).encoder(encoderName).options(options)
                    .bind(bind).port(port).start();
        } catch (IOException e) {
            frames.close();
            spec.commandLine().getErr().println("camstream server: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "camstream-shutdown"));
        SourceInfo info = server.sourceInfo();
        PrintWriter out = spec.commandLine().getOut();
        frames.onEnd(() -> {
            out.println("camstream server: the source ended (--once); stopping");
            out.flush();
            server.close();
            stopped.countDown();
        });
        out.printf(Locale.ROOT, "camstream server: %s %dx%d at %.4g fps, encoder %s (quality %d, %s), listening on %s:%d%n",
                info.description(), info.width(), info.height(), info.fps(), server.defaultEncoder(),
                options.quality(), options.color().name().toLowerCase(Locale.ROOT), bind, server.port());
        out.println("watch it with: ./camstream view --headless --target " + displayHost() + ":" + server.port());
        out.flush();
        stopped.await();
        return 0;
    }

    private EncoderOptions options() {
        try {
            return new EncoderOptions(quality, color ? ColorMode.COLOR : ColorMode.GRAY);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--quality: " + e.getMessage());
        }
    }

    private String encoderName(Encoders encoders) {
        try {
            return encoder == null ? encoders.best().name() : encoders.require(encoder).name();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "--encoder: " + e.getMessage());
        }
    }

    private SupervisedSource openSource() throws IOException, InterruptedException {
        var given = spec.commandLine().getParseResult();
        try {
            return ServerSource.open(source, ServerSource.options(size, given.hasMatchedOption("--size"), fps,
                    given.hasMatchedOption("--fps"), once));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage());
        }
    }

    private String displayHost() {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }
}
