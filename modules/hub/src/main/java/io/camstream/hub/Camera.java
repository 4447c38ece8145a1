package io.camstream.hub;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SupervisedSource;
import io.camstream.capture.Supervision;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * One camera: captures from its source on its own thread, keeps the newest frame, and drops it into
 * every subscriber's {@link Mailbox}. The source always runs supervised, however the camera was
 * made, so a source that fails or hangs gives NO SIGNAL frames until it is back. Encoding is lazy and
 * shared: the capture thread never encodes and never waits for a subscriber, and a frame is encoded
 * once per variant however many subscribers want it. With nobody subscribed, capture keeps running
 * (the camera stays warm and the first subscriber gets a frame at once) but nothing is encoded.
 *
 * <p>Capture never ends before the camera does: a frame larger than the pixel budget is a failure of
 * the source (NO SIGNAL while it is reopened), and anything thrown on the capture thread, an
 * {@link OutOfMemoryError} included, is logged once and capture goes on.
 */
public final class Camera {

    private static final System.Logger LOG = System.getLogger(Camera.class.getName());
    /** After a failure of the camera's own (not its source's), so a failure that persists cannot spin a core. */
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 100;
    /** A source silent for longer than this (and at least a few frame periods) counts as down. */
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Checking for a publisher costs nothing, so a published camera looks again at least every second. */
    private static final Supervision PUBLISHED = new Supervision(Duration.ofSeconds(5), Duration.ofSeconds(20),
            Duration.ofMillis(250), Duration.ofSeconds(1), Supervision.defaults().placeholderFps());

    private final String name;
    private final SupervisedSource source;
    private final PublishedSource published;
    private final Encodings encodings;
    private final Limits limits;
    private final Set<Mailbox> mailboxes = ConcurrentHashMap.newKeySet();
    private final VariantLimit variants;
    private final Thread captureThread;
    private final CompletableFuture<CapturedFrame> firstFrame = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder framesCaptured = new LongAdder();
    private final LongAdder noSignalFrames = new LongAdder();
    private final Viewers viewers = new Viewers();
    private volatile CapturedFrame latest;

    private Camera(String name, SupervisedSource source, PublishedSource published, Encodings encodings,
            Limits limits) {
        this.name = name;
        this.source = source;
        this.published = published;
        this.encodings = encodings;
        this.limits = limits;
        this.variants = new VariantLimit(limits.maxVariants(), limits.defaults());
        this.captureThread = new Thread(this::captureLoop, "camstream-capture-" + name);
        captureThread.setDaemon(true);
    }

    /** A camera on a source of its own: supervised as it is, or watched with the default policy. */
    static Camera of(String name, FrameSource source, Encodings encodings, Limits limits, Supervision policy) {
        SupervisedSource supervised = source instanceof SupervisedSource already ? already
                : SupervisedSource.watch(name, source, policy);
        return new Camera(name, supervised, null, encodings, limits);
    }

    /** A camera fed by publishers. */
    static Camera published(String name, Encodings encodings, Limits limits) {
        PublishedSource inbox = new PublishedSource(name, limits.pixels(), limits.claimTimeout());
        return new Camera(name, SupervisedSource.watch("published camera '" + name + "'", inbox, PUBLISHED), inbox,
                encodings, limits);
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

    /**
     * Whether this is a published camera that nobody publishes to now. It shows NO SIGNAL, as it
     * should: waiting for a publisher is its normal idle state, not a fault (unlike a publisher that
     * holds the camera and sends nothing usable), so a server's overall health need not suffer for it.
     */
    public boolean awaitsPublisher() {
        return published != null && !published.hasPublisher();
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
        try {
            firstFrame.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("the first frame never fails", e);
        }
    }

    /**
     * The camera's first frame (real or NO SIGNAL), for waiting without a thread (e.g. a snapshot
     * asked of a camera that has just started): complete once there is one. Each call gives a future
     * of its own, so cancelling or timing it out affects nobody else.
     */
    public CompletableFuture<CapturedFrame> firstFrame() {
        return firstFrame.copy();
    }

    /**
     * A mailbox that gets every new frame, starting with the newest one if there is one, for a wait
     * rather than a viewer (a snapshot waiting for a camera's first frame): it takes a subscriber's slot
     * but is not counted among the camera's viewers, and its caller bounds its encoding work, so it is
     * not counted against the camera's limit of variants either.
     *
     * @param wakeUp called whenever the box gets a frame or ends; on the capture thread, so it must
     *     return at once
     * @throws HubException FULL when the hub has its maximum of subscribers, SHUTTING_DOWN when closing
     */
    public Mailbox subscribe(Runnable wakeUp) {
        return open(null, null, wakeUp);
    }

    /**
     * A viewer's mailbox: gets every new frame, starting with the newest one if there is one. The viewer
     * is counted under its protocol in the camera's {@link #stats()} until it closes the mailbox, and
     * what it sends is counted there once it tells the mailbox ({@link Mailbox#sent}).
     *
     * @param protocol what the viewer watches by, 1-32 lower-case letters, digits or '_' (camstream's
     *     adapters say {@code grpc}, {@code legacy}, {@code http})
     * @param variant what the viewer will encode its frames in, counted against the camera's limit of
     *     different variants (see {@link Hub.Builder#maxVariants}); null for a viewer whose encoding work
     *     its caller bounds (the original sample's protocol has one variant)
     * @param wakeUp called whenever the box gets a frame or ends; on the capture thread, so it must
     *     return at once
     * @throws HubException FULL when the hub has its maximum of subscribers, TOO_MANY_VARIANTS when the
     *     camera has its maximum of variants and this is another, SHUTTING_DOWN when closing
     * @throws IllegalArgumentException for a protocol name that is not as above
     */
    public Mailbox subscribe(String protocol, Variant variant, Runnable wakeUp) {
        return open(viewers.protocol(protocol), variant, wakeUp);
    }

    private Mailbox open(Viewers.Protocol protocol, Variant variant, Runnable wakeUp) {
        if (closed.get()) {
            throw HubException.shuttingDown();
        }
        if (variant != null) {
            variants.acquire(name, variant);
        }
        try {
            limits.subscribers().acquire();
        } catch (RuntimeException e) {
            if (variant != null) {
                variants.release(variant);
            }
            throw e;
        }
        Mailbox mailbox = new Mailbox(this, limits.subscribers(), variant, protocol, wakeUp);
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
     * Claims this published camera for a publisher. The claim lasts while usable frames keep coming
     * (see {@link Hub.Builder#publishClaimTimeout}); {@link Publication#onEnd} tells when the hub ends it.
     *
     * @throws HubException NOT_PUBLISHABLE for a camera with its own source, ALREADY_PUBLISHING when
     *     someone else publishes to it, SHUTTING_DOWN when closing
     */
    public Publication publish() {
        if (published == null) {
            throw new HubException(HubException.Reason.NOT_PUBLISHABLE, "camera '" + name + "' has its own source and "
                    + "cannot be published to; start the server with --source " + name + "=publish");
        }
        if (closed.get()) {
            throw HubException.shuttingDown();
        }
        Publication claim = published.connect();
        if (closed.get()) { // closed meanwhile: it may have missed this claim
            claim.end(HubException.shuttingDown());
        }
        return claim;
    }

    /**
     * What this camera has done so far: frames captured and NO SIGNAL, reconnects of its source, encodes
     * per encoder, quality and colour mode, and its viewers and what was sent to them per protocol.
     * Reading costs a few additions per counter; counting costs the capture thread one addition a frame.
     */
    public CameraStats stats() {
        return new CameraStats(name, isLive(), framesCaptured.sum(), noSignalFrames.sum(), source.reconnects(),
                encodings.encoderCounts(), viewers.stats());
    }

    /** How many times any encoder ran for this camera: fan-out encodes per variant, not per subscriber. */
    public long encodeCount() {
        return encodings.count();
    }

    /**
     * How many frames this camera received as JPEGs and then decoded, because a subscriber needed
     * pixels (gray, smaller, another quality or encoder). Subscribers who take the source's JPEG as
     * it is cost no decode.
     */
    public long decodeCount() {
        return encodings.decodeCount();
    }

    void unsubscribe(Mailbox mailbox) {
        mailboxes.remove(mailbox);
        if (mailbox.variant() != null) {
            variants.release(mailbox.variant());
        }
    }

    private void captureLoop() {
        long failures = 0;
        while (!closed.get()) {
            try {
                deliver(new CapturedFrame(source.grab(limits.pixels())));
                if (failures > 0) {
                    LOG.log(Level.INFO, "camera {0} captures again after {1} failures", name, failures);
                    failures = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable e) {
                // The supervisor turns every failure of the source into NO SIGNAL frames and throws only once
                // closed; anything else (an OutOfMemoryError in the camera's own work) must not end capture
                // for good: it is logged once, and capture goes on after a pause.
                if (closed.get()) {
                    return;
                }
                if (failures++ == 0) {
                    LOG.log(Level.ERROR, "camera " + name + " failed while capturing; it keeps trying", e);
                }
                try {
                    Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void deliver(CapturedFrame frame) {
        latest = frame;
        (frame.frame().placeholder() ? noSignalFrames : framesCaptured).increment();
        if (!firstFrame.isDone()) {
            firstFrame.complete(frame);
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
        if (published != null) {
            published.close(reason); // its publisher hears why, as subscribers do
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
