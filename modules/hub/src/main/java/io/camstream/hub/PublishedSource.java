package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelBudget;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The source of a published camera: frames pushed by one publisher at a time (an edge device behind
 * NAT) instead of local hardware. With no publisher its grabs fail at once, so the camera's
 * supervisor sends NO SIGNAL frames and checks again shortly.
 */
final class PublishedSource implements FrameSource {

    /** A publisher that sends nothing for this long counts as gone. */
    private static final Duration SILENCE = Duration.ofSeconds(2);

    private final String camera;
    private final Duration claimTimeout;
    private final FrameInbox inbox;
    private final AtomicReference<Publication> publisher = new AtomicReference<>();
    private volatile SourceInfo info;

    PublishedSource(String camera, PixelBudget budget, Duration claimTimeout) {
        this.camera = camera;
        this.claimTimeout = claimTimeout;
        this.inbox = new FrameInbox(budget);
        this.info = new SourceInfo("published camera '" + camera + "' (no publisher yet)", 0, 0, 0, PixelFormat.BGR24);
    }

    /**
     * Claims the camera for one publisher.
     *
     * @throws HubException ALREADY_PUBLISHING when another publisher has it
     */
    Publication connect() {
        Publication claim = new Publication(camera, inbox, claimTimeout, this::released);
        if (!publisher.compareAndSet(null, claim)) {
            throw new HubException(HubException.Reason.ALREADY_PUBLISHING,
                    "camera '" + camera + "' already has a publisher");
        }
        claim.watchClaim();
        return claim;
    }

    /** Whether a publisher holds the camera now. */
    boolean hasPublisher() {
        return publisher.get() != null;
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        if (publisher.get() == null) {
            throw new IOException("no publisher is connected");
        }
        Frame frame = inbox.take(SILENCE, "the publisher of '" + camera + "'");
        if (frame.width() != info.width() || frame.height() != info.height() || frame.format() != info.format()) {
            info = new SourceInfo("published camera '" + camera + "'", frame.width(), frame.height(), 0,
                    frame.format());
        }
        return frame;
    }

    /** Ends the current publisher's claim, if any, for this reason, and takes no more frames. */
    void close(HubException reason) {
        Publication current = publisher.get();
        if (current != null) {
            current.end(reason);
        }
        close();
    }

    @Override
    public void close() {
        inbox.close();
    }

    private void released(Publication claim) {
        if (publisher.compareAndSet(claim, null)) {
            inbox.fail("the publisher left");
        }
    }
}
