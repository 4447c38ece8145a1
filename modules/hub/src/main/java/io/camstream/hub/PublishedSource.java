package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The source of a published camera: frames pushed by one publisher at a time (an edge device behind
 * NAT) instead of local hardware. With no publisher its grabs fail at once, so the camera's
 * supervisor sends NO SIGNAL frames and checks again shortly.
 */
final class PublishedSource implements FrameSource {

    /** A publisher that sends nothing for this long counts as gone. */
    private static final Duration SILENCE = Duration.ofSeconds(2);

    private final String camera;
    private final FrameInbox inbox = new FrameInbox();
    private final AtomicBoolean publisherConnected = new AtomicBoolean();
    private volatile SourceInfo info;

    PublishedSource(String camera) {
        this.camera = camera;
        this.info = new SourceInfo("published camera '" + camera + "' (no publisher yet)", 0, 0, 0, PixelFormat.BGR24);
    }

    /**
     * Claims the camera for one publisher.
     *
     * @throws HubException ALREADY_PUBLISHING when another publisher has it
     */
    Publication connect() {
        if (!publisherConnected.compareAndSet(false, true)) {
            throw new HubException(HubException.Reason.ALREADY_PUBLISHING,
                    "camera '" + camera + "' already has a publisher");
        }
        return new Publication(inbox, () -> {
            publisherConnected.set(false);
            inbox.fail("the publisher left");
        });
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        if (!publisherConnected.get()) {
            throw new IOException("no publisher is connected");
        }
        Frame frame = inbox.take(SILENCE, "the publisher of '" + camera + "'");
        if (frame.width() != info.width() || frame.height() != info.height() || frame.format() != info.format()) {
            info = new SourceInfo("published camera '" + camera + "'", frame.width(), frame.height(), 0,
                    frame.format());
        }
        return frame;
    }

    @Override
    public void close() {
        inbox.close();
    }
}
