package io.camstream.cli;

import io.camstream.capture.CaptureClock;
import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.ConnectivityState;
import io.grpc.Status;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code camstream view}: watch a server, checking and measuring every frame; with --subscribers, a load tool. */
@Command(name = "view", mixinStandardHelpOptions = true,
        description = "Watch a camstream server. --headless prints a live status line (fps, latency, skipped) "
                + "and a summary; every frame is checked against its metadata. --subscribers N makes it a load tool.")
final class ViewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClientOptions connection = new ClientOptions();

    @Mixin
    FrameRequestOptions asked = new FrameRequestOptions();

    @Option(names = "--target", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:50051",
            converter = ServerAddress.class,
            description = "The server to watch (an IPv6 address in brackets: [::1]:50051). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--headless", description = "No window: print status lines and a summary. Without it, a window "
            + "shows the stream (Esc or closing it stops the viewer).")
    boolean headless;

    @Option(names = "--frames", paramLabel = "N", description = "Stop once every subscriber has N frames.")
    Long frames;

    @Option(names = "--seconds", paramLabel = "S", converter = NumberConverters.Seconds.class,
            description = "Stop after S seconds.")
    Double seconds;

    @Option(names = "--json", description = "Print the summary as one JSON object on the last line of standard output.")
    boolean json;

    @Option(names = "--subscribers", paramLabel = "N", defaultValue = "1",
            description = "Open N independent subscriptions, each on its own connection. Default: ${DEFAULT-VALUE}.")
    int subscribers;

    @Option(names = "--no-decode",
            description = "Do not decode pictures; only check their JPEG headers against the metadata.")
    boolean noDecode;

    @Option(names = "--legacy", description = "Speak the original sample's MainServer protocol (one call per frame), "
            + "e.g. to watch the sample's own Server.py. Latency is then the request round trip.")
    boolean legacy;

    @Option(names = "--max-fps", paramLabel = "FPS", converter = NumberConverters.FramesPerSecond.class,
            description = "Ask for at most FPS frames per second (more than 0, at most 1000).")
    Double maxFps;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES",
            defaultValue = "" + CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES,
            description = "The largest message to accept; the server adapts frames to fit. "
                    + "Default: ${DEFAULT-VALUE} (gRPC's).")
    int maxMessageBytes;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        ClientSecurity security = connection.security();
        SubscribeRequest request = request();
        CountDownLatch done = new CountDownLatch(subscribers);
        // Ctrl-C or SIGTERM stops the viewer like --frames or --seconds would: it still reports what it measured.
        try (StopOnSignal signals = StopOnSignal.install(() -> release(done), Duration.ofSeconds(5))) {
            int status = watch(security, request, done, signals);
            signals.finished(status);
            return status;
        }
    }

    private int watch(ClientSecurity security, SubscribeRequest request, CountDownLatch done, StopOnSignal signals)
            throws InterruptedException {
        List<ViewStats> stats = new ArrayList<>();
        List<CamstreamClient> clients = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        AtomicReference<Failure> failure = new AtomicReference<>();
        PrintWriter err = spec.commandLine().getErr();
        connection.warnIfTokenInTheClear(security, target, err);
        boolean interactive = System.console() != null;
        long start = System.nanoTime();
        ViewerWindow window = headless ? null : openWindow(done);
        List<LegacyWatcher> watchers = new ArrayList<>();
        try {
            for (int i = 0; i < subscribers; i++) {
                stats.add(new ViewStats(frames == null ? Long.MAX_VALUE : frames));
                // Without decoding (and without a window) a listener only reads a header: cheap enough
                // to run on the network threads, which keeps a many-subscriber load test honest.
                clients.add(connection.connect(security, target, maxMessageBytes, noDecode && headless && !legacy));
            }
            awaitConnections(clients, done);
            for (int i = 0; i < subscribers && done.getCount() > 0; i++) {
                ViewStats subscriberStats = stats.get(i);
                CamstreamClient client = clients.get(i);
                if (legacy) {
                    LegacyWatcher watcher = new LegacyWatcher(client, subscriberStats, !noDecode,
                            maxFps == null ? 0 : maxFps, legacyListener(client, done, failure));
                    watchers.add(watcher);
                    Thread thread = new Thread(watcher, "camstream-legacy-view-" + i);
                    thread.setDaemon(true);
                    thread.start();
                } else {
                    subscriptions.add(client.subscribe(request,
                            listener(client, subscriberStats, done, failure, i == 0 ? window : null)));
                }
            }
            // Elapsed time against the limit, never start + limit: a limit of years must not overflow.
            long limit = seconds == null ? Long.MAX_VALUE : (long) (seconds * 1e9);
            while (!done.await(Math.min(1000, Math.max(1, (limit - (System.nanoTime() - start)) / 1_000_000)),
                    TimeUnit.MILLISECONDS)) {
                if (System.nanoTime() - start >= limit) {
                    break;
                }
                String status = new ViewReport(stats, legacy).statusLine();
                err.print((interactive ? "\r" : "") + status + (interactive ? "" : "\n"));
                err.flush();
                if (window != null) {
                    window.status(status);
                }
            }
        } finally {
            if (window != null) {
                window.close();
            }
            watchers.forEach(LegacyWatcher::stop);
            subscriptions.forEach(Subscription::cancel);
            clients.forEach(CamstreamClient::close);
        }
        ViewReport report = new ViewReport(stats, legacy);
        err.println((interactive ? "\r" : "") + report.statusLine());
        Failure ended = failure.get();
        // Done as asked: every subscriber got its frames, or (without --frames, or stopped by a signal) no
        // stream broke off.
        boolean complete = frames != null && !signals.signalled() ? report.minFrames() >= frames : ended == null;
        if (ended != null && !complete) {
            err.println("camstream view: " + describe(ended));
        }
        if (json) {
            spec.commandLine().getOut().println(report.toJson(target, (System.nanoTime() - start) / 1e9));
            spec.commandLine().getOut().flush();
        }
        if (report.failedChecks() > 0) {
            err.println("camstream view: " + report.failedChecks()
                    + " frames failed their checks (order, decoding or stamp)");
        }
        err.flush();
        return report.failedChecks() == 0 && complete && report.minFrames() > 0 ? 0 : 1;
    }

    /** Ends the wait for every subscriber at once: the window closed, or a signal came. */
    private static void release(CountDownLatch done) {
        while (done.getCount() > 0) {
            done.countDown();
        }
    }

    /**
     * Connects every subscriber before any subscribes, so that with many subscribers the set-up
     * work (connections, class loading) does not eat into the first subscribers' frames. A
     * connection that fails is left to its subscription, which reports the error.
     */
    private static void awaitConnections(List<CamstreamClient> clients, CountDownLatch done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (CamstreamClient client : clients) {
            var channel = client.channel();
            ConnectivityState state = channel.getState(true);
            while (state != ConnectivityState.READY && state != ConnectivityState.TRANSIENT_FAILURE
                    && state != ConnectivityState.SHUTDOWN && System.nanoTime() < deadline && done.getCount() > 0) {
                CountDownLatch changed = new CountDownLatch(1);
                channel.notifyWhenStateChanged(state, changed::countDown);
                // In slices, so that a viewer stopped while connecting stops at once.
                changed.await(Math.min(100_000_000L, Math.max(1, deadline - System.nanoTime())),
                        TimeUnit.NANOSECONDS);
                state = channel.getState(true);
            }
        }
    }

    /** Opens the window; closing it ends the viewer as if every subscriber were done. */
    private ViewerWindow openWindow(CountDownLatch done) throws InterruptedException {
        try {
            return ViewerWindow.open("camstream " + target + (asked.camera == null ? "" : " " + asked.camera),
                    () -> release(done));
        } catch (IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Why a subscriber's stream ended early, explained while its client can still tell whether it ever connected. */
    private record Failure(Status status, Optional<String> explanation) {
        static Failure of(CamstreamClient client, String target, Status status) {
            return new Failure(status, ClientOptions.explain(client, target, status));
        }
    }

    private FrameListener listener(CamstreamClient client, ViewStats stats, CountDownLatch done,
            AtomicReference<Failure> failure, ViewerWindow window) {
        Clock clock = Clock.systemUTC();
        Runnable finished = once(done::countDown);
        return new FrameListener() {
            @Override
            public void onFrame(VideoFrame frame) {
                long arrival = CaptureClock.nowMicros(clock);
                // A window needs the decoded picture even with --no-decode; it then shows the very
                // picture that was checked, so each frame is decoded once.
                PictureChecker.Checked checked = PictureChecker.check(frame, !noDecode || window != null, true);
                stats.recordDecoded(frame, arrival, checked.result(), checked.decodeNanos());
                if (window != null && checked.picture() != null) {
                    window.show(checked.picture());
                }
                if (frames != null && stats.frames() >= frames) {
                    finished.run();
                }
            }

            @Override
            public void onEnd(Status status) {
                if (!status.isOk() && status.getCode() != Status.Code.CANCELLED) {
                    failure.compareAndSet(null, Failure.of(client, target, status));
                }
                finished.run();
            }
        };
    }

    private LegacyWatcher.Listener legacyListener(CamstreamClient client, CountDownLatch done,
            AtomicReference<Failure> failure) {
        Runnable finished = once(done::countDown);
        return new LegacyWatcher.Listener() {
            @Override
            public void frameRecorded(ViewStats stats) {
                if (frames != null && stats.frames() >= frames) {
                    finished.run();
                }
            }

            @Override
            public void ended(Status status) {
                failure.compareAndSet(null, Failure.of(client, target, status));
                finished.run();
            }
        };
    }

    /** Runs {@code action} the first time only: a subscriber is done once, however it ends. */
    private static Runnable once(Runnable action) {
        AtomicBoolean ran = new AtomicBoolean();
        return () -> {
            if (ran.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    private void validate() {
        if (!headless && (subscribers > 1 || legacy)) {
            throw new ParameterException(spec.commandLine(), "the window shows one v1 subscription; add --headless for "
                    + "--subscribers or --legacy");
        }
        if (frames != null && frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, got " + frames);
        }
        asked.validate();
        if (subscribers < 1 || subscribers > 1000) {
            throw new ParameterException(spec.commandLine(),
                    "--subscribers must be between 1 and 1000, got " + subscribers);
        }
        if (legacy && asked.anyGiven()) {
            throw new ParameterException(spec.commandLine(),
                    "--legacy cannot ask for a camera, encoder, quality, colour or size:"
                            + " the sample's protocol has no options");
        }
        if (maxMessageBytes < 64 * 1024) {
            throw new ParameterException(spec.commandLine(),
                    "--max-message-bytes must be at least 65536, got " + maxMessageBytes);
        }
    }

    private SubscribeRequest request() {
        SubscribeRequest.Builder request = asked.subscribe();
        if (maxFps != null) {
            request.setMaxFps(maxFps);
        }
        return request.build();
    }

    private String describe(Failure failure) {
        if (failure.explanation().isPresent()) {
            return failure.explanation().get();
        }
        Status status = failure.status();
        String reason = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (status.getCode() == Status.Code.UNAVAILABLE && status.getCause() != null) {
            reason += " (is `camstream server` running at " + target + "?)";
        }
        return "the stream from " + target + " ended: " + reason;
    }

}
