package io.camstream.nats;

import io.camstream.capture.CaptureClock;
import io.camstream.client.MessageLimits;
import io.camstream.client.WireFrames;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.EncodedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.Hub;
import io.camstream.hub.Mailbox;
import io.camstream.hub.SerialDrain;
import io.camstream.hub.Variant;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.VideoFrame;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes every camera of a hub to NATS ({@link NatsSubjects}): each frame once, in the hub's default
 * variant, whoever reads it, and each camera's description every two seconds and on request.
 *
 * <p>Latest wins, as for every other way of watching: a camera's frames go through a one-slot hub
 * mailbox, and while the connection is down (the client reconnects by itself, to any server of the list)
 * frames are dropped and counted, never queued, so a returning link carries the newest frame, not a
 * backlog. A frame larger than the NATS server's {@code max_payload} (1 MiB by default) is re-encoded
 * smaller until it fits, exactly as a gRPC subscriber's 4 MiB limit is met ({@code adapted} is set): every
 * message is one whole JPEG, which keeps readers in any language simple.
 */
public final class NatsOrigin implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NatsOrigin.class.getName());
    private static final Duration DESCRIBE_EVERY = Duration.ofSeconds(2);
    /** How long start waits for NATS to answer before it returns and goes on trying in the background. */
    private static final Duration FIRST_ATTEMPT_WAIT = Duration.ofSeconds(3);
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    /** What the hub counts this origin's subscriptions under. */
    static final String PROTOCOL = "nats";

    private final Hub hub;
    private final Options options;
    private final NatsConnections.Problems problems;
    private final ExecutorService sending = Executors.newSingleThreadExecutor(daemon("camstream-nats-publish"));
    private final ScheduledExecutorService describing =
            Executors.newSingleThreadScheduledExecutor(daemon("camstream-nats-describe"));
    private final List<CameraPublisher> publishers = new ArrayList<>();
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private final Thread connecting;
    /** Null until the first connection; from then on jnats reconnects it by itself. */
    private volatile Connection connection;
    private volatile boolean closed;

    private NatsOrigin(Hub hub, Options options, NatsConnections.Problems problems) {
        this.hub = hub;
        this.options = options;
        this.problems = problems;
        for (Camera camera : hub.cameras()) {
            publishers.add(new CameraPublisher(camera));
        }
        describing.scheduleAtFixedRate(this::describeAll, 0, DESCRIBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        connecting = daemon("camstream-nats-connect").newThread(this::connectUntilUp);
        connecting.start();
    }

    /**
     * Connects to NATS and starts publishing. The servers are tried in turn, and tried again every second until
     * one answers, in the background: a server started before NATS publishes once NATS is up. When NATS answers
     * at once, this returns connected, with requests for the cameras' descriptions already answered.
     *
     * @param servers {@code nats://[TOKEN@|USER:PASSWORD@]HOST:PORT} or {@code tls://…} URLs
     * @param credentialsFile a NATS {@code .creds} file, or null
     * @throws IllegalArgumentException when a camera's name cannot be a subject token, or no server is given
     */
    public static NatsOrigin start(Hub hub, List<String> servers, Path credentialsFile)
            throws IOException, InterruptedException {
        return start(hub, servers, credentialsFile, null);
    }

    /**
     * Like {@link #start(Hub, List, Path)}, trusting the CA certificates in {@code trustedCa} (PEM) for
     * {@code tls://} servers instead of the JVM's.
     *
     * @throws IllegalArgumentException as there, and when a CA is given for servers that are not all tls://
     * @throws IOException when the CA file cannot be read or holds no certificate
     */
    public static NatsOrigin start(Hub hub, List<String> servers, Path credentialsFile, Path trustedCa)
            throws IOException, InterruptedException {
        Objects.requireNonNull(hub, "hub");
        hub.cameras().forEach(camera -> NatsSubjects.token(camera.name()));
        NatsConnections.Problems problems = new NatsConnections.Problems();
        Options options = NatsConnections.options(servers, credentialsFile, trustedCa,
                NatsConnections.name("origin"), problems);
        NatsOrigin origin = new NatsOrigin(hub, options, problems);
        origin.firstAttempt.await(FIRST_ATTEMPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return origin;
    }

    /**
     * Until the first connection: jnats' own "reconnect on connect" retries on the caller's thread and cannot be
     * interrupted, which would hold a server's start-up (and its shutdown) while NATS is away or refuses it.
     */
    private void connectUntilUp() {
        boolean warned = false;
        while (!closed) {
            try {
                Connection made = Nats.connect(options);
                answerDescribeRequests(made);
                connection = made;
                if (closed) {
                    made.close();
                }
                return;
            } catch (IOException e) {
                String why = Objects.requireNonNullElse(problems.last(), e.getMessage());
                LOG.log(warned ? Level.DEBUG : Level.WARNING, "cannot reach NATS at {0} ({1}); the cameras'' "
                        + "frames are dropped until it answers; trying again every second", shownServers(), why);
                warned = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                firstAttempt.countDown();
            }
            try {
                Thread.sleep(RETRY_EVERY.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void answerDescribeRequests(Connection made) throws InterruptedException {
        Dispatcher requests = made.createDispatcher(message -> {
            if (message.getReplyTo() != null) {
                String camera = message.getSubject().split("\\.")[1];
                made.publish(message.getReplyTo(), describe(hub.camera(camera)).toByteArray());
            }
        });
        for (Camera camera : hub.cameras()) {
            requests.subscribe(NatsSubjects.describe(camera.name()));
        }
        try {
            // Subscribing is asynchronous: once this returns, the server knows whom to ask, and a request made
            // right after start is answered instead of finding no responder.
            made.flush(Duration.ofSeconds(2));
        } catch (TimeoutException e) {
            LOG.log(Level.DEBUG, "NATS did not confirm the subscriptions in time: " + e);
        }
    }

    private String shownServers() {
        return String.join(",", options.getServers().stream().map(uri -> NatsConnections.shown(uri.toString()))
                .toList());
    }

    /** The connection's state, e.g. CONNECTED or RECONNECTING; CONNECTING until NATS first answered. */
    public String status() {
        Connection current = connection;
        return current == null ? "CONNECTING" : current.getStatus().name();
    }

    /** Whether frames can go out now. */
    private Connection connected() {
        Connection current = connection;
        return current != null && current.getStatus() == Connection.Status.CONNECTED ? current : null;
    }

    /** Frames published so far, over all cameras. */
    public long published() {
        return publishers.stream().mapToLong(p -> p.published.get()).sum();
    }

    /** Frames dropped so far because the connection was down, over all cameras. */
    public long dropped() {
        return publishers.stream().mapToLong(p -> p.dropped.get()).sum();
    }

    private void describeAll() {
        try {
            Connection current = connected();
            if (current != null) {
                for (Camera camera : hub.cameras()) {
                    current.publish(NatsSubjects.describe(camera.name()), describe(camera).toByteArray());
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not publish the cameras' descriptions: " + e);
        }
    }

    private static CameraInfo describe(Camera camera) {
        var info = camera.info();
        return CameraInfo.newBuilder().setName(camera.name()).setSource(info.description()).setWidth(info.width())
                .setHeight(info.height()).setFps(info.fps()).setLive(camera.isLive())
                .setSubscribers(camera.subscriberCount()).setPublished(camera.isPublished()).build();
    }

    @Override
    public void close() {
        closed = true;
        connecting.interrupt();
        describing.shutdownNow();
        publishers.forEach(p -> p.mailbox.close());
        sending.shutdown();
        try {
            sending.awaitTermination(2, TimeUnit.SECONDS);
            Connection current = connection;
            if (current != null) {
                current.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One camera's frames to its subject, drained one at a time on the sending thread. */
    private final class CameraPublisher {
        private final Camera camera;
        private final Variant variant = hub.defaultVariant();
        private final String subject;
        /** Set once subscribed; the hub may ask for a drain before that, which waits for the next request. */
        private volatile Mailbox mailbox;
        private final SerialDrain drain;
        private final AtomicLong published = new AtomicLong();
        private final AtomicLong dropped = new AtomicLong();
        private long lastSequence;

        CameraPublisher(Camera camera) {
            this.camera = camera;
            this.subject = NatsSubjects.frames(camera.name());
            this.drain = new SerialDrain(sending, this::publishNewest, () -> { });
            this.mailbox = camera.subscribe(PROTOCOL, variant, drain::request);
            drain.request(); // a frame offered while subscribing found no mailbox yet
        }

        private void publishNewest() {
            Mailbox subscribed = mailbox;
            CapturedFrame frame = subscribed == null ? null : subscribed.poll();
            if (frame == null || frame.sequence() <= lastSequence) {
                return;
            }
            long skipped = lastSequence == 0 ? 0 : frame.sequence() - lastSequence - 1;
            lastSequence = frame.sequence();
            Connection current = connected();
            if (current == null) {
                dropped.incrementAndGet(); // latest wins: a frame for a link that is down is not kept
                return;
            }
            try {
                int maxData = MessageLimits.videoFrameData((int) Math.min(Integer.MAX_VALUE,
                        current.getServerInfo().getMaxPayload()), camera.name());
                FittedFrame fitted = camera.encode(frame, variant, maxData);
                byte[] message = videoFrame(fitted, skipped).toByteArray();
                // Counted before the hand-off: NATS' writer thread may deliver the frame to a subscriber
                // before publish() returns here, and a subscriber who counts frames must never be ahead.
                published.incrementAndGet();
                try {
                    current.publish(subject, message);
                } catch (RuntimeException e) {
                    published.decrementAndGet();
                    if (!(e instanceof IllegalStateException)) {
                        throw e;
                    }
                    dropped.incrementAndGet(); // the link went down between the check and the publish
                    return;
                }
                subscribed.sent(message.length, skipped, fitted.adapted());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "camera '" + camera.name() + "': could not publish a frame to NATS", e);
            }
        }
    }

    /** The v1 message of a frame, as {@code Subscribe} sends it, with this origin's send time. */
    static VideoFrame videoFrame(FittedFrame fitted, long skipped) {
        EncodedFrame encoded = fitted.encoded();
        VideoFrame.Builder message = WireFrames.videoFrame(encoded.frame(), encoded.image(), encoded.encoder(),
                encoded.quality(), encoded.camera()).setSkipped(skipped).setAdapted(fitted.adapted());
        if (!encoded.isPassthrough()) {
            WireFrames.withEncodeTimes(message, encoded.encodeStartMicros(), encoded.encodeEndMicros());
        }
        return message.setSendTime(WireFrames.timestamp(CaptureClock.nowMicros())).build();
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
