package io.camstream.hub;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SupervisedSource;
import io.camstream.capture.Supervision;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One camera: captures from its source on its own thread, keeps the newest frame, and drops it into
 * every subscriber's {@link Mailbox}. The source always runs supervised, however the camera was
 * made, so a source that fails or hangs gives NO SIGNAL frames until it is back. Encoding is lazy and
 * shared: the capture thread never encodes and never waits for a subscriber, and a frame is encoded
 * once per variant however many subscribers want it. With nobody subscribed, capture keeps running
 * (the camera stays warm and the first subscriber gets a frame at once) but nothing is encoded.
 */
public final class Camera {

    private static final System.Logger LOG = System.getLogger(Camera.class.getName());
    /** A source silent for longer than this (and at least a few frame periods) counts as down. */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Checking for a publisher costs nothing, so a published camera looks again at least every second. */
    private static final Supervision PUBLISHED = new Supervision(Duration.ofSeconds(5), Duration.ofSeconds(20),
            Duration.ofMillis(250), Duration.ofSeconds(1), Supervision.defaults().placeholderFps());

    private final String name;
    private final SupervisedSource source;
    private final PublishedSource published;
    private final Encodings encodings;
    private final SubscriberLimit limit;
    private final Set<Mailbox> mailboxes = ConcurrentHashMap.newKeySet();
    private final Thread captureThread;
    private final Object firstFrame = new Object();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CapturedFrame latest;

    private Camera(String name, SupervisedSource source, PublishedSource published, Encodings encodings,
            SubscriberLimit limit) {
        this.name = name;
        this.source = source;
        this.published = published;
        this.encodings = encodings;
        this.limit = limit;
        this.captureThread = new Thread(this::captureLoop, "camstream-capture-" + name);
        captureThread.setDaemon(true);
    }

    /** A camera on a source of its own: supervised as it is, or watched with the default policy. */
    static Camera of(String name, FrameSource source, Encodings encodings, SubscriberLimit limit,
            Supervision policy) {
        SupervisedSource supervised = source instanceof SupervisedSource already ? already
                : SupervisedSource.watch(name, source, policy);
        return new Camera(name, supervised, null, encodings, limit);
    }

    /** A camera fed by publishers. */
    static Camera published(String name, Encodings encodings, SubscriberLimit limit) {
        PublishedSource inbox = new PublishedSource(name);
        return new Camera(name, SupervisedSource.watch("published camera '" + name + "'", inbox, PUBLISHED), inbox,
                encodings, limit);
    }

    void start() {
        captureThread.start();
    }

    public String name() {
        return name;
    }

    /** What the source delivers (or, while it is down, delivered last). */
    public SourceInfo info() {
        return source.info();
    }

    /** Whether its frames come from publishers rather than a source of its own. */
    public boolean isPublished() {
        return published != null;
    }

    /** The newest frame, or null before the first one. */
    public CapturedFrame latest() {
        return latest;
    }

    /**
     * Whether the source is delivering real frames: false before the first frame, while it sends
     * NO SIGNAL placeholders, and when it has been silent for a while.
     */
    public boolean isLive() {
        CapturedFrame frame = latest;
        if (frame == null || frame.frame().placeholder()) {
            return false;
        }
        double fps = source.info().fps();
        long periods = fps > 0 ? (long) (3 * 1e9 / fps) : 0;
        return System.nanoTime() - frame.arrivalNanos() < Math.max(STALE_NANOS, periods);
    }

    /** Waits for the first frame; true when there is one. */
    public boolean awaitFirstFrame(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (firstFrame) {
            while (latest == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(firstFrame, left);
            }
        }
        return true;
    }

    /**
     * A mailbox that gets every new frame, starting with the newest one if there is one.
     *
     * @param wakeUp called whenever the box gets a frame or ends; on the capture thread, so it must
     *     return at once
     * @throws HubException FULL when the hub has its maximum of subscribers, SHUTTING_DOWN when closing
     */
    public Mailbox subscribe(Runnable wakeUp) {
        if (closed.get()) {
            throw HubException.shuttingDown();
        }
        limit.acquire();
        Mailbox mailbox = new Mailbox(this, limit, wakeUp);
        mailboxes.add(mailbox);
        if (closed.get()) { // closed meanwhile: it may have missed this mailbox
            mailbox.end(HubException.shuttingDown());
            return mailbox;
        }
        CapturedFrame current = latest;
        if (current != null) {
            mailbox.offer(current);
        }
        return mailbox;
    }

    public int subscriberCount() {
        return mailboxes.size();
    }

    /** That frame in that variant within {@code maxBytes}: re-encoded smaller only if it does not fit. */
    public FittedFrame encode(CapturedFrame frame, Variant variant, int maxBytes) {
        return encodings.within(frame, variant, maxBytes);
    }

    /**
     * The newest frame in that variant within {@code maxBytes}, waiting up to {@code timeout} for a
     * camera that has just started.
     *
     * @throws HubException NO_FRAME_YET when no frame came in time
     */
    public FittedFrame snapshot(Variant variant, int maxBytes, Duration timeout) throws InterruptedException {
        if (!awaitFirstFrame(timeout)) {
            throw new HubException(HubException.Reason.NO_FRAME_YET,
                    "camera '" + name + "' has delivered no frame yet");
        }
        return encode(latest, variant, maxBytes);
    }

    /**
     * Claims this published camera for a publisher.
     *
     * @throws HubException NOT_PUBLISHABLE for a camera with its own source, ALREADY_PUBLISHING when
     *     someone else publishes to it
     */
    public Publication publish() {
        if (published == null) {
            throw new HubException(HubException.Reason.NOT_PUBLISHABLE, "camera '" + name + "' has its own source and "
                    + "cannot be published to; start the server with --source " + name + "=publish");
        }
        return published.connect();
    }

    /** How many times any encoder ran for this camera: fan-out encodes per variant, not per subscriber. */
    public long encodeCount() {
        return encodings.count();
    }

    void unsubscribe(Mailbox mailbox) {
        mailboxes.remove(mailbox);
    }

    private void captureLoop() {
        while (!closed.get()) {
            try {
                publish(new CapturedFrame(source.grab()));
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // The supervisor turns every failure of the source into NO SIGNAL frames; it throws only once closed.
                if (!closed.get()) {
                    LOG.log(Level.ERROR, "camera " + name + " stopped capturing", e);
                }
                return;
            }
        }
    }

    private void publish(CapturedFrame frame) {
        boolean first = latest == null;
        latest = frame;
        if (first) {
            synchronized (firstFrame) {
                firstFrame.notifyAll();
            }
        }
        for (Mailbox mailbox : mailboxes) {
            mailbox.offer(frame);
        }
    }

    /** Stops capture and ends every mailbox with this reason; later calls do nothing. */
    void close(HubException reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        source.close();
        captureThread.interrupt();
        try {
            captureThread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Mailbox mailbox : mailboxes) {
            mailbox.end(reason);
        }
        encodings.close();
    }
}
