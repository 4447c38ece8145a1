package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.PictureTooLargeException;
import io.camstream.capture.PixelBudget;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One publisher's claim on a published camera: it offers frames until it {@link #close closes} the
 * claim, or until the hub ends it ({@link #onEnd}): when no usable frame came within the claim
 * timeout (so a client that claims a camera and sends nothing cannot shut the real publisher out),
 * when a frame is larger than the pixel budget, or when the hub shuts down. Offered frames only
 * replace each other, so however fast a publisher sends, the camera holds at most one waiting frame
 * for it.
 */
public final class Publication implements AutoCloseable {

    private final String camera;
    private final FrameInbox inbox;
    private final long claimTimeoutNanos;
    private final Consumer<Publication> release;
    private final long receivedBefore;
    private final long replacedBefore;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<HubException> ended = new CompletableFuture<>();
    private volatile long lastUsableNanos = System.nanoTime();

    Publication(String camera, FrameInbox inbox, Duration claimTimeout, Consumer<Publication> release) {
        this.camera = camera;
        this.inbox = inbox;
        this.claimTimeoutNanos = claimTimeout.toNanos();
        this.release = release;
        this.receivedBefore = inbox.received();
        this.replacedBefore = inbox.replaced();
    }

    /**
     * A frame arrived, still encoded; the camera reads it (its JPEG header, checked against the pixel
     * budget) only if it uses it, and decodes its pixels only if a subscriber needs them.
     */
    public void offer(FrameInbox.Pending frame) {
        if (!closed.get()) {
            inbox.offer(budget -> decode(frame, budget));
        }
    }

    /** Frames offered through this publication. */
    public long received() {
        return inbox.received() - receivedBefore;
    }

    /** Frames replaced by a newer one before the camera took them. */
    public long replaced() {
        return inbox.replaced() - replacedBefore;
    }

    /**
     * Runs {@code action} with the reason once the hub ends this claim (never when its owner closes
     * it): at once if it already has. It runs on a hub thread, after the camera is free again, and
     * must return quickly; adapters end their call with the reason.
     */
    public void onEnd(Consumer<HubException> action) {
        ended.thenAccept(action);
    }

    /** Gives the camera back; it shows NO SIGNAL until the next publisher. Later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.accept(this);
        }
    }

    /** Starts watching for silence; called once this publication holds the camera. */
    void watchClaim() {
        long silent = System.nanoTime() - lastUsableNanos;
        if (closed.get()) {
            return;
        }
        if (silent >= claimTimeoutNanos) {
            end(new HubException(HubException.Reason.CLAIM_EXPIRED, "no frame within " + seconds(claimTimeoutNanos)
                    + ": the claim on camera '" + camera + "' expired, so another publisher may take it"
                    + " (a publisher must keep sending; see --publish-claim-timeout)"));
            return;
        }
        // A timer, not a thread per claim: the JDK's shared delayer hands the check to the common pool.
        CompletableFuture.delayedExecutor(claimTimeoutNanos - silent, TimeUnit.NANOSECONDS).execute(this::watchClaim);
    }

    /** Ends the claim for the hub's reason: the camera is released first, then whoever listens is told. */
    void end(HubException reason) {
        if (closed.compareAndSet(false, true)) {
            release.accept(this);
            ended.complete(reason);
        }
    }

    /**
     * Reads one of this publisher's frames. Only a well-formed JPEG within the pixel budget keeps the
     * claim alive, so garbage sent to hold a camera does not; a bomb ends this publisher's claim, not
     * the next one's. (Its pixels are decoded later, only if someone needs them: a JPEG whose header is
     * sound but whose data is not reaches passthrough viewers as it is, and the others as NO SIGNAL.)
     */
    private Frame decode(FrameInbox.Pending frame, PixelBudget budget) throws IOException {
        try {
            Frame decoded = frame.decode(budget);
            lastUsableNanos = System.nanoTime();
            return decoded;
        } catch (PictureTooLargeException e) {
            end(new HubException(HubException.Reason.PICTURE_TOO_LARGE, "a published frame of " + e.width() + "x"
                    + e.height() + " exceeds the limit of " + e.budget() + " (see --max-pixels)"));
            throw e;
        }
    }

    private static String seconds(long nanos) {
        long millis = TimeUnit.NANOSECONDS.toMillis(nanos);
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
