package io.camstream.hub;

import io.camstream.capture.FrameInbox;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One publisher's claim on a published camera: it offers frames until it {@link #close closes} the
 * claim. Offered frames only replace each other, so however fast a publisher sends, the camera holds
 * at most one waiting frame for it.
 */
public final class Publication implements AutoCloseable {

    private final FrameInbox inbox;
    private final Runnable release;
    private final long receivedBefore;
    private final long replacedBefore;
    private final AtomicBoolean closed = new AtomicBoolean();

    Publication(FrameInbox inbox, Runnable release) {
        this.inbox = inbox;
        this.release = release;
        this.receivedBefore = inbox.received();
        this.replacedBefore = inbox.replaced();
    }

    /** A frame arrived, still encoded; the camera decodes it only if it uses it. */
    public void offer(FrameInbox.Pending frame) {
        if (!closed.get()) {
            inbox.offer(frame);
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

    /** Gives the camera back; it shows NO SIGNAL until the next publisher. Later calls do nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
