package io.camstream.transport;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.protocol.v1.VideoFrame;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A camera fed by {@code Publish} calls instead of local hardware: an edge device behind NAT pushes
 * its frames to this server, which fans them out like any other camera. One publisher at a time.
 */
final class PublishedSource implements FrameSource {

    private final String camera;
    private final IncomingFrames incoming = new IncomingFrames();
    private final AtomicBoolean publisherConnected = new AtomicBoolean();
    private volatile SourceInfo info;

    PublishedSource(String camera) {
        this.camera = camera;
        this.info = new SourceInfo("published camera '" + camera + "' (no publisher yet)", 0, 0, 0, PixelFormat.BGR24);
    }

    /** Claims the camera for one publisher; false when another is already publishing. */
    boolean connect() {
        return publisherConnected.compareAndSet(false, true);
    }

    void disconnect() {
        publisherConnected.set(false);
    }

    IncomingFrames incoming() {
        return incoming;
    }

    void offer(VideoFrame frame) {
        incoming.offer(frame);
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        // Wait as long as it takes: the hub reports the camera down while nothing arrives.
        Frame frame = incoming.take(Long.MAX_VALUE / 2, TimeUnit.NANOSECONDS, "the publisher of '" + camera + "'");
        if (frame.width() != info.width() || frame.height() != info.height() || frame.format() != info.format()) {
            info = new SourceInfo("published camera '" + camera + "'", frame.width(), frame.height(), 0, frame.format());
        }
        return frame;
    }

    @Override
    public void close() {
        incoming.close();
    }
}
