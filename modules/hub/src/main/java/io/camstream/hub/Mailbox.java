package io.camstream.hub;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One subscriber's view of a camera: a one-slot "latest wins" box. The camera drops each new frame
 * in, replacing any frame not taken yet, and calls the subscriber's wake-up; the subscriber takes
 * frames when it can send them. A subscriber slower than the camera therefore skips to the newest
 * frame and holds at most one, however long it stalls, and never slows the camera or anyone else.
 *
 * <p>The box ends when the camera does ({@link #end()} says why); {@link #close()} leaves the camera
 * and frees the subscriber's slot.
 */
public final class Mailbox implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Mailbox.class.getName());

    private final Camera camera;
    private final SubscriberLimit limit;
    private final Variant variant;
    private final Viewers.Protocol protocol;
    private final Runnable wakeUp;
    private final AtomicReference<CapturedFrame> slot = new AtomicReference<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile HubException end;
    private boolean wakeUpFailed;

    /** @param protocol what its viewer watches by, counted while it is open; null for a wait, not a viewer */
    Mailbox(Camera camera, SubscriberLimit limit, Variant variant, Viewers.Protocol protocol, Runnable wakeUp) {
        this.camera = camera;
        this.limit = limit;
        this.variant = variant;
        this.protocol = protocol;
        this.wakeUp = wakeUp;
        if (protocol != null) {
            protocol.joined();
        }
    }

    public Camera camera() {
        return camera;
    }

    /** The variant this subscriber counts against its camera's limit, or null. */
    Variant variant() {
        return variant;
    }

    /** The newest frame not taken yet, or null; taking it empties the box. */
    public CapturedFrame poll() {
        return slot.getAndSet(null);
    }

    /**
     * Records that its subscriber sent a frame taken from this box, for the camera's statistics
     * ({@link Camera#stats()}) under the viewer's protocol; a wait that is not a viewer records nothing.
     * Cheap and safe from any thread: call it after every frame sent.
     *
     * @param bytes what the frame took, as the protocol counts its messages (e.g. a gRPC message's size)
     * @param skipped frames the subscriber missed since the previous frame it sent
     * @param adapted whether the frame was re-encoded smaller to fit the subscriber's limit
     */
    public void sent(long bytes, long skipped, boolean adapted) {
        if (bytes < 0 || skipped < 0) {
            throw new IllegalArgumentException("bytes and skipped frames must not be negative, got " + bytes
                    + " and " + skipped);
        }
        if (protocol != null) {
            protocol.sent(bytes, skipped, adapted);
        }
    }

    /** Why the box ended, or null while frames still come. */
    public HubException end() {
        return end;
    }

    /** Leaves the camera and frees the slot; later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            camera.unsubscribe(this);
            slot.set(null);
            limit.release();
            if (protocol != null) {
                protocol.left();
            }
        }
    }

    /** Called on the capture thread: must return at once. */
    void offer(CapturedFrame frame) {
        slot.set(frame);
        wake();
    }

    void end(HubException reason) {
        end = reason;
        wake();
    }

    /**
     * The wake-up is the subscriber's code running on the capture thread: if it throws (say, its
     * executor is gone), that may cost this subscriber its frames, never the camera its capture.
     */
    private void wake() {
        try {
            wakeUp.run();
        } catch (RuntimeException | Error e) {
            if (!wakeUpFailed) {
                wakeUpFailed = true;
                LOG.log(System.Logger.Level.WARNING, "waking a subscriber of camera " + camera.name()
                        + " failed; the camera goes on without it", e);
            }
        }
    }
}
