package io.camstream.http;

import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.EncodedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.HubException;
import io.camstream.hub.Mailbox;
import io.camstream.hub.RateLimit;
import io.camstream.hub.SerialDrain;
import io.camstream.hub.Variant;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * One MJPEG response fed from a hub mailbox, as the gRPC side's deliveries are: exactly one write in
 * flight, and when it completes the newest frame is taken, never a queue. A client slower than the
 * camera skips to the newest frame (how many it missed goes in the next part's
 * {@code X-Camstream-Skipped}), and a stalled one holds one pending write and one frame in its mailbox.
 *
 * <p>The mailbox's wake-up runs on the capture thread: it only schedules a drain, and only when no
 * write is in flight (the write's completion takes over then). Encoding happens in the drain, on the
 * executor. Every touch of the response after the headers' write happens inside the drain, which its
 * {@link SerialDrain} keeps to one thread at a time, and only once the write before has completed.
 */
final class MjpegStream {

    private static final System.Logger LOG = System.getLogger(MjpegStream.class.getName());

    private final Camera camera;
    private final Variant variant;
    private final RateLimit rate;
    private final Response response;
    private final Callback done;
    private final SerialDrain drain;
    private final String token;
    /** Counts as in flight from the moment a write is issued until its callback ran. */
    private volatile boolean writing;
    private volatile Throwable failure;
    private volatile String revoked;
    private volatile Mailbox mailbox;
    private boolean finished;
    private long lastSentSequence;
    private long skipped;

    MjpegStream(Camera camera, Variant variant, double maxFps, Response response, Callback done, Executor executor,
            String token) {
        this.camera = camera;
        this.variant = variant;
        this.rate = new RateLimit(maxFps);
        this.response = response;
        this.done = done;
        this.drain = new SerialDrain(executor, this::drainStep, this::closeMailbox);
        this.token = token;
    }

    Camera camera() {
        return camera;
    }

    /** The token this stream was let in with, to check again when the rules change. */
    String token() {
        return token;
    }

    /** Frames this viewer missed because it (or its link) was slower than the camera. */
    long skipped() {
        return skipped;
    }

    /**
     * Starts delivering from this mailbox (subscribed with {@link #frameArrived} as its wake-up): the
     * response's headers go out at once, so a player knows it is connected before the first frame.
     */
    void start(Mailbox subscribed) {
        // In flight before the mailbox is visible: a drain that sees the mailbox sees this write too, and waits.
        writing = true;
        mailbox = subscribed;
        response.write(false, ByteBuffer.allocate(0), written());
    }

    /** The mailbox's wake-up, on the capture thread: schedules a drain unless a write's completion will. */
    void frameArrived() {
        if (!writing) {
            signal();
        }
    }

    /** The connection failed (the client left, or timed out): ends the stream and frees its slot. */
    void failed(Throwable cause) {
        failure = cause;
        signal();
    }

    /** Ends the stream, closing it properly if the client is reading; safe from any thread. */
    void revoke(String reason) {
        revoked = reason;
        signal();
    }

    private Callback written() {
        return Callback.from(Invocable.InvocationType.NON_BLOCKING, () -> {
            writing = false;
            signal();
        }, cause -> {
            failure = cause;
            writing = false;
            signal();
        });
    }

    private void signal() {
        drain.request();
    }

    /** Frees the slot when no drain will run again (Jetty is stopping). */
    private void closeMailbox() {
        Mailbox box = mailbox;
        if (box != null) {
            box.close();
        }
    }

    private void drainStep() {
        Mailbox box = mailbox;
        if (!finished && box != null) {
            try {
                drainOnce(box);
            } catch (Throwable e) {
                // An Error too (OutOfMemoryError encoding a large frame): the stream ends and frees its slot
                // rather than hang holding it.
                LOG.log(Level.WARNING, "an MJPEG stream of camera " + camera.name() + " failed", e);
                finish(box, e);
            }
        }
    }

    private void drainOnce(Mailbox box) {
        if (failure != null) {
            finish(box, failure);
            return;
        }
        HubException end = box.end();
        if (end != null || revoked != null) {
            if (writing) {
                // A stalled client would hold the stream until the idle timeout: cut it off instead.
                finish(box, end != null ? end : new IllegalStateException(revoked));
            } else {
                finished = true;
                box.close();
                response.write(true, Parts.closing(), done);
            }
            return;
        }
        if (writing) {
            return;
        }
        for (CapturedFrame frame = box.poll(); frame != null; frame = box.poll()) {
            if (frame.sequence() <= lastSentSequence || !rate.accepts(frame)) {
                continue;
            }
            FittedFrame fitted = camera.encode(frame, variant, Integer.MAX_VALUE);
            long missed = lastSentSequence == 0 ? 0 : frame.sequence() - lastSentSequence - 1;
            skipped += missed;
            lastSentSequence = frame.sequence();
            ByteBuffer header = Parts.header(fitted.encoded().frame(), fitted.encoded().size(), missed);
            box.sent(header.remaining() + (long) fitted.encoded().size(), missed, fitted.adapted());
            writePart(header, fitted.encoded());
            return;
        }
    }

    /** The part's headers, then its picture as it is (shared bytes, never copied): one write in flight at a time. */
    private void writePart(ByteBuffer header, EncodedFrame encoded) {
        writing = true;
        Callback picture = Callback.from(Invocable.InvocationType.NON_BLOCKING,
                () -> response.write(false, ByteBuffer.wrap(encoded.data()).asReadOnlyBuffer(), written()),
                cause -> written().failed(cause));
        response.write(false, header, picture);
    }

    /** Ends the stream abruptly (the client is gone, or must be cut off); frees the slot first. */
    private void finish(Mailbox box, Throwable cause) {
        finished = true;
        box.close();
        done.failed(cause);
    }
}
