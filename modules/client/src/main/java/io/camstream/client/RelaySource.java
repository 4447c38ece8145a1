package io.camstream.client;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceSpec;
import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Watches a camera of another camstream server and serves it as a local camera
 * ({@code grpc://HOST:PORT[/CAMERA]}, or {@code grpcs://} over TLS), so servers can form a fan-out
 * tree. Frames keep the original
 * server's sequence numbers and capture times. It asks upstream for colour at quality 95, so local
 * subscribers lose as little as possible to the second encode.
 *
 * <p>It has no retry policy of its own: when the upstream stream ends, the next {@link #grab()}
 * fails with the reason, and the one after that subscribes again. The camera's supervisor paces
 * those retries (with NO SIGNAL frames meanwhile), as it does for every other source.
 */
public final class RelaySource implements FrameSource {

    /** Longer than any upstream keeps quiet while it lives: even NO SIGNAL frames come twice a second. */
    private static final Duration SILENCE = Duration.ofSeconds(4);

    private final String target;
    private final String camera;
    private final CamstreamClient client;
    private final FrameInbox inbox = new FrameInbox();
    private volatile SourceInfo info;
    private volatile Subscription subscription;
    private volatile boolean streaming;
    /** Which subscription is current, so the end of one already dropped is not taken for the current one's. */
    private long generation;
    private volatile boolean closed;

    /**
     * @param uri {@code grpc://HOST:PORT[/CAMERA]}, or {@code grpcs://HOST:PORT[/CAMERA]} over TLS; with
     *     {@code ?ca=FILE} (the CA to trust instead of the system's), {@code &cert=FILE&key=FILE} (a
     *     client certificate for mutual TLS) and {@code &token-file=FILE} (a bearer token; also on grpc://)
     * @throws IllegalArgumentException when the URI is not of that form, or a file it names cannot be used
     */
    public RelaySource(URI uri) {
        this(RelayUri.parse(uri), "relay of " + SourceSpec.parse(uri.toString()).redacted());
    }

    /**
     * Relays {@code camera} (empty for the first) of the server at {@code target} ({@code HOST:PORT}),
     * connecting as {@code security} says.
     *
     * @throws IllegalArgumentException when a file {@code security} names cannot be used
     */
    public RelaySource(String target, String camera, ClientSecurity security) {
        this(new RelayUri(target, camera, security), "relay of " + target + (camera.isEmpty() ? "" : "/" + camera)
                + " (" + security + ")");
    }

    private RelaySource(RelayUri upstream, String description) {
        this.target = upstream.target();
        this.camera = upstream.camera();
        this.info = new SourceInfo(description, 0, 0, 0, PixelFormat.BGR24);
        this.client = CamstreamClient.connect(target, upstream.security());
        subscribe();
    }

    private synchronized void subscribe() {
        if (closed || streaming) {
            return;
        }
        streaming = true;
        long mine = ++generation;
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .setCamera(camera).setColor(ColorMode.COLOR_MODE_COLOR).setQuality(95).build();
        subscription = client.subscribe(request, new FrameListener() {
            @Override
            public void onFrame(VideoFrame frame) {
                inbox.offer(WireFrames.pending(frame));
            }

            @Override
            public void onEnd(Status status) {
                ended(mine, status);
            }
        });
    }

    private synchronized void ended(long which, Status status) {
        if (which == generation) {
            streaming = false;
            inbox.fail("the stream from " + target + " ended: " + reason(status));
        }
    }

    /** What went wrong, with the fix in the URI's terms when it is how the relay connects (TLS, a token). */
    private String reason(Status status) {
        return ConnectionProblems.explain(status, client.security(), client.hasConnected(),
                        ConnectionProblems.Spelling.RELAY_URL)
                .map(explanation -> explanation + " (" + ConnectionProblems.detail(status) + ")")
                .orElseGet(() -> status.getCode()
                        + (status.getDescription() == null ? "" : " " + status.getDescription()));
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    /**
     * The next upstream frame.
     *
     * @throws IOException when the upstream stream ended or has been silent for a few seconds
     */
    @Override
    public Frame grab() throws IOException, InterruptedException {
        subscribe();
        Frame frame;
        try {
            frame = inbox.take(SILENCE, target);
        } catch (IOException e) {
            cancelStream(); // a silent upstream is dropped too, so the next grab subscribes afresh
            throw e;
        }
        if (frame.width() != info.width() || frame.height() != info.height() || frame.format() != info.format()) {
            info = new SourceInfo(info.description(), frame.width(), frame.height(), 0, frame.format());
        }
        return frame;
    }

    private synchronized void cancelStream() {
        Subscription current = subscription;
        generation++;
        streaming = false;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void close() {
        closed = true;
        cancelStream();
        inbox.close();
        client.close();
    }
}
