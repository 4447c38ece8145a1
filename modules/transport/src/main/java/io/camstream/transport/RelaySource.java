package io.camstream.transport;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches a camera of another camstream server and serves it as a local camera
 * ({@code grpc://HOST:PORT[/CAMERA]}), so servers can form a fan-out tree. Frames keep the original
 * server's sequence numbers and capture times. It asks upstream for colour at quality 95, so local
 * subscribers lose as little as possible to the second encode. When the upstream stream ends it
 * resubscribes with a capped exponential backoff (0.5 s doubling to 10 s), logging each change once.
 */
public final class RelaySource implements FrameSource {

    private static final System.Logger LOG = System.getLogger(RelaySource.class.getName());
    private static final long MAX_BACKOFF_MILLIS = 10_000;

    private final String target;
    private final String camera;
    private final CamstreamClient client;
    private final IncomingFrames incoming = new IncomingFrames();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "camstream-relay-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile SourceInfo info;
    private volatile Subscription subscription;
    private volatile boolean closed;
    private long backoffMillis = 500;
    private boolean connected;

    /**
     * @param uri {@code grpc://HOST:PORT} for the upstream's first camera, or {@code grpc://HOST:PORT/CAMERA}
     * @throws IllegalArgumentException when the URI is not of that form
     */
    public RelaySource(URI uri) {
        if (!"grpc".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("a relay source is grpc://HOST:PORT or grpc://HOST:PORT/CAMERA, got " + uri);
        }
        this.target = uri.getHost() + ":" + uri.getPort();
        String path = uri.getPath() == null ? "" : uri.getPath();
        this.camera = path.startsWith("/") ? path.substring(1) : path;
        this.info = new SourceInfo("relay of " + uri, 0, 0, 0, PixelFormat.BGR24);
        this.client = CamstreamClient.connect(target);
        subscribe();
    }

    private void subscribe() {
        if (closed) {
            return;
        }
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .setCamera(camera).setColor(ColorMode.COLOR_MODE_COLOR).setQuality(95).build();
        subscription = client.subscribe(request, new FrameListener() {
            @Override
            public void onFrame(VideoFrame frame) {
                upstreamAlive();
                incoming.offer(frame);
            }

            @Override
            public void onEnd(Status status) {
                upstreamEnded(status);
            }
        });
    }

    private synchronized void upstreamAlive() {
        if (!connected) {
            connected = true;
            backoffMillis = 500;
            LOG.log(Level.INFO, "relay: receiving frames from {0}", target);
        }
    }

    private synchronized void upstreamEnded(Status status) {
        if (closed) {
            return;
        }
        if (connected) {
            LOG.log(Level.WARNING, "relay: the stream from {0} ended ({1}); reconnecting", target, status);
            connected = false;
        }
        long delay = backoffMillis;
        backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
        try {
            reconnects.schedule(this::subscribe, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed meanwhile
        }
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    /** The next upstream frame; waits for it as long as it takes (the hub reports the camera down meanwhile). */
    @Override
    public Frame grab() throws IOException, InterruptedException {
        Frame frame = incoming.take(Long.MAX_VALUE / 2, TimeUnit.NANOSECONDS, target);
        if (frame.width() != info.width() || frame.height() != info.height() || frame.format() != info.format()) {
            info = new SourceInfo(info.description(), frame.width(), frame.height(), 0, frame.format());
        }
        return frame;
    }

    @Override
    public void close() {
        closed = true;
        reconnects.shutdownNow();
        Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
        incoming.close();
        client.close();
    }
}
