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

    /** How long to wait for a first frame: a live server sends one at once, a camera with no signal twice a second. */
    static final Duration FIRST_FRAME_WAIT = Duration.ofSeconds(20);

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
            description = "Record S seconds of capture time, counted from the first frame.")
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
             Recorder recorder = new Recorder(output, format, frames == null ? Long.MAX_VALUE : frames,
                     seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e6))) {
            int status = record(security, subscribe, recorder, done, err, signals);
            signals.finished(status);
            return status;
        }
    }

    /**
     * Waits until the recording is done: --seconds count from the first frame, so that a slow connection or a
     * busy machine does not eat into the recording (the recorder also stops at the first frame captured --seconds
     * after the first). A server that sends nothing at all is given up on after {@link #FIRST_FRAME_WAIT}.
     */
    private void awaitEnd(Recorder recorder, CountDownLatch done) throws InterruptedException {
        long start = System.nanoTime();
        while (recorder.firstArrivalNanos() == 0) {
            if (done.await(50, TimeUnit.MILLISECONDS)) {
                return;
            }
            if (System.nanoTime() - start > FIRST_FRAME_WAIT.toNanos()) {
                recorder.giveUp("no frame came within " + FIRST_FRAME_WAIT.toSeconds() + " s");
                return;
            }
        }
        if (seconds == null) {
            done.await();
        } else {
            long left = recorder.firstArrivalNanos() + (long) (seconds * 1e9) - System.nanoTime();
            done.await(Math.max(0, left), TimeUnit.NANOSECONDS);
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
            awaitEnd(recorder, done);
            subscription.cancel();
        }
        String problem = recorder.finish();
        if (recorder.recorded() > 0) {
            err.println("camstream record: " + recorder.summary());
        }
        // Why the stream ended says more than "no frame came".
        if (ended.get() != null) {
            err.println("camstream record: " + ended.get());
        } else if (problem != null) {
            err.println("camstream record: " + problem);
        }
        err.flush();
        boolean stoppedAsAsked = ended.get() == null || signals.signalled();
        return problem == null && stoppedAsAsked && recorder.recorded() > 0 ? 0 : 1;
    }
}
