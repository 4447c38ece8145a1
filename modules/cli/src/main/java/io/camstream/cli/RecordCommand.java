package io.camstream.cli;

import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camstream record}: subscribe to a camera and store its JPEG frames as they arrive, never re-encoded, into
 * Matroska, MP4 or concatenated JPEGs, with each frame's capture time as its timestamp. Stops after --seconds or
 * --frames, or on Ctrl-C or SIGTERM, and always finishes the file.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Record a camera into a video file as the JPEG frames arrive (no re-encoding): -o out.mkv "
                + "(Matroska), out.mp4, or out.mjpeg (concatenated JPEGs). Timestamps are the capture times, so "
                + "the file plays at the rate the camera delivered. Stops after --seconds or --frames, or on Ctrl-C.")
final class RecordCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions connection = new ClientOptions();

    @Mixin
    FrameRequestOptions request = new FrameRequestOptions();

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:50051",
            converter = ServerAddress.class,
            description = "The server (an IPv6 address in brackets: [::1]:50051). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "The file: *.mkv (Matroska), *.mp4, or *.mjpeg / *.mjpg (JPEGs one after another, "
                    + "without timestamps). Replaced if it exists.")
    Path output;

    @Option(names = "--seconds", paramLabel = "S", converter = NumberConverters.Seconds.class,
            description = "Stop after S seconds.")
    Double seconds;

    @Option(names = "--frames", paramLabel = "N", description = "Stop after N frames.")
    Long frames;

    @Option(names = "--max-fps", paramLabel = "FPS", converter = NumberConverters.FramesPerSecond.class,
            description = "Ask for at most FPS frames per second (more than 0, at most 1000).")
    Double maxFps;

    @Override
    public Integer call() throws IOException, InterruptedException {
        request.validate();
        if (frames != null && frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, got " + frames);
        }
        Recording.Format format;
        try {
            format = Recording.Format.of(output);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "-o: " + e.getMessage());
        }
        Path parent = output.toAbsolutePath().getParent();
        if (Files.isDirectory(output) || parent == null || !Files.isDirectory(parent)) {
            throw new ParameterException(spec.commandLine(), "-o: " + output + (Files.isDirectory(output)
                    ? " is a directory" : ": no such directory " + parent));
        }
        ClientSecurity security = connection.security();
        PrintWriter err = spec.commandLine().getErr();
        connection.warnIfTokenInTheClear(security, target, err);
        SubscribeRequest subscribe = request.subscribe().setMaxFps(maxFps == null ? 0 : maxFps).build();
        CountDownLatch done = new CountDownLatch(1);
        try (StopOnSignal signals = StopOnSignal.install(done::countDown, Duration.ofSeconds(5));
             Recorder recorder = new Recorder(output, format, frames == null ? Long.MAX_VALUE : frames)) {
            int status = record(security, subscribe, recorder, done, err, signals);
            signals.finished(status);
            return status;
        }
    }

    private int record(ClientSecurity security, SubscribeRequest subscribe, Recorder recorder, CountDownLatch done,
            PrintWriter err, StopOnSignal signals) throws InterruptedException {
        AtomicReference<String> ended = new AtomicReference<>();
        try (CamstreamClient client = connection.connect(security, target, CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES,
                false)) {
            Subscription subscription = client.subscribe(subscribe, new FrameListener() {
                @Override
                public void onFrame(VideoFrame frame) {
                    if (!recorder.record(frame)) {
                        done.countDown();
                    }
                }

                @Override
                public void onEnd(Status status) {
                    if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
                        ended.compareAndSet(null, ClientOptions.explain(client, target, status).orElseGet(() ->
                                "the stream from " + target + " ended: " + status.getCode()
                                        + (status.getDescription() == null ? "" : ": " + status.getDescription())
                                        + (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null
                                                ? " (is `camstream server` running there?)" : "")));
                    }
                    done.countDown();
                }
            });
            // Counted from the start of the subscription: --seconds 3 is 3 s of the camera, whatever connecting took.
            if (seconds == null) {
                done.await();
            } else {
                done.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
            }
            subscription.cancel();
        }
        String problem = recorder.finish();
        err.println("camstream record: " + recorder.summary());
        if (problem != null) {
            err.println("camstream record: " + problem);
        } else if (ended.get() != null) {
            err.println("camstream record: " + ended.get());
        }
        err.flush();
        boolean stoppedAsAsked = ended.get() == null || signals.signalled();
        return problem == null && stoppedAsAsked && recorder.recorded() > 0 ? 0 : 1;
    }
}
