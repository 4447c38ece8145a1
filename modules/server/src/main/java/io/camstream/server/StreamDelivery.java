package io.camstream.server;

import io.camstream.hub.CapturedFrame;
import io.camstream.hub.HubException;
import io.camstream.hub.Mailbox;
import io.camstream.hub.SerialDrain;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;

/**
 * Delivers a hub mailbox to one server-side stream without ever queueing more than one frame.
 *
 * <p>The mailbox's wake-up, the call's on-ready handler and the client's messages all ask for a
 * drain ({@link #signal}); a drain task on the delivery executor sends while gRPC says the call
 * {@link ServerCallStreamObserver#isReady() is ready}. A client that reads slower than the camera
 * therefore skips to the newest frame (the mailbox keeps only that), and never slows the capture
 * thread or other clients.
 *
 * <p>Every touch of the call (send, complete, fail) happens inside the drain, which its
 * {@link SerialDrain} keeps to one thread at a time, as gRPC requires. Each frame sent is
 * {@link Mailbox#sent recorded} in the camera's statistics: its message's size, the frames skipped
 * before it, whether it was adapted.
 */
abstract class StreamDelivery<T> {

    private static final System.Logger LOG = System.getLogger(StreamDelivery.class.getName());
    private static final ThrottledLog OUT_OF_MEMORY = new ThrottledLog(LOG, Level.ERROR,
            "streams ended: out of memory while preparing a frame");

    protected final ServerCallStreamObserver<T> call;
    private final SerialDrain drain;
    private volatile Mailbox mailbox;
    private volatile boolean cancelled;
    private volatile Status revoked;
    private boolean finished;
    private long lastSentSequence;

    StreamDelivery(ServerCallStreamObserver<T> call, Executor executor) {
        this.call = call;
        this.drain = new SerialDrain(executor, this::drainStep, this::closeMailbox);
        // gRPC runs the call's callbacks on the delivery executor (CamstreamServer), so a call ready for more
        // drains on the thread that learns it, not on another one of the same pool.
        call.setOnReadyHandler(drain::requestHere);
        call.setOnCancelHandler(() -> {
            cancelled = true;
            signal();
        });
    }

    /** Starts delivering from this mailbox (subscribed with {@link #signal} as its wake-up). */
    final void deliverFrom(Mailbox subscribed) {
        this.mailbox = subscribed;
        signal();
    }

    /**
     * Ends the stream with {@code status} (its caller's access was revoked); safe from any thread,
     * since the drain does it.
     */
    final void revoke(Status status) {
        revoked = status;
        signal();
    }

    /** Lets the call's grant, if access control gave it one, end this stream when access is revoked. */
    final void endWhenRevoked() {
        Grant grant = AccessControl.GRANT.get();
        if (grant != null) {
            grant.onRevoke(this::revoke);
        }
    }

    /** Whether the stream may take a frame now, besides transport readiness (e.g. a pending request). */
    protected abstract boolean wantsFrame();

    /** Whether to send this frame at all (e.g. false to keep under a maximum rate); dropped frames count as skipped. */
    protected boolean accepts(CapturedFrame frame) {
        return true;
    }

    /** Whether the stream is done once nothing more is wanted (e.g. the client half-closed). */
    protected boolean completeWhenIdle() {
        return false;
    }

    /**
     * A message ready to send.
     *
     * @param adapted whether its picture was re-encoded smaller to fit the client's message limit
     * @param bytes its serialized size
     */
    protected record Outgoing<T>(T message, boolean adapted, int bytes) {
    }

    /** Builds the message for this frame; {@code skipped} frames were dropped since the last one sent. */
    protected abstract Outgoing<T> message(CapturedFrame frame, long skipped);

    /** Called after each send, inside the drain. */
    protected void sent() {
    }

    /** Asks for a drain; cheap and safe from any thread. */
    protected final void signal() {
        drain.request();
    }

    /** Frees the slot when no drain will run again (the server is shutting down). */
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
                // Any Throwable, an Error too (OutOfMemoryError while encoding a large frame): the stream
                // ends and frees its slot, rather than hang holding it. The slot goes first, in case telling
                // the client fails too (it may need memory there is not).
                box.close();
                finished = true;
                finish(box, failure(box, e));
            }
        }
    }

    /** How a stream that threw ends: null (silently) when its client already left. */
    private Status failure(Mailbox box, Throwable e) {
        if (cancelled) {
            return null; // a send raced the client's cancellation
        }
        if (box.end() != null) {
            return HubStatus.of(box.end()); // the hub closed its encoders under us: shutting down
        }
        if (e instanceof OutOfMemoryError) {
            OUT_OF_MEMORY.record(e.toString());
            return Status.RESOURCE_EXHAUSTED.withDescription("camstream ran out of memory preparing a frame; "
                    + "a smaller max size or quality needs less").withCause(e);
        }
        LOG.log(Level.WARNING, "stream failed while sending a frame", e);
        return Status.INTERNAL.withDescription("camstream could not send a frame: " + e).withCause(e);
    }

    private void drainOnce(Mailbox box) {
        if (cancelled) {
            finish(box, null);
            return;
        }
        HubException end = box.end();
        if (end != null) {
            finish(box, HubStatus.of(end));
            return;
        }
        if (revoked != null) {
            finish(box, revoked);
            return;
        }
        while (call.isReady() && wantsFrame()) {
            CapturedFrame frame = box.poll();
            if (frame == null) {
                break;
            }
            if (frame.sequence() <= lastSentSequence || !accepts(frame)) {
                continue;
            }
            long skipped = lastSentSequence == 0 ? 0 : frame.sequence() - lastSentSequence - 1;
            Outgoing<T> outgoing = message(frame, skipped);
            call.onNext(outgoing.message());
            lastSentSequence = frame.sequence();
            box.sent(outgoing.bytes(), skipped, outgoing.adapted());
            sent();
        }
        if (completeWhenIdle()) {
            finish(box, Status.OK);
        }
    }

    /** Ends the stream once: with {@code status}, or silently when the client already cancelled it. */
    private void finish(Mailbox box, Status status) {
        finished = true;
        box.close();
        if (status == null || cancelled) {
            return;
        }
        try {
            if (status.isOk()) {
                call.onCompleted();
            } else {
                call.onError(status.asRuntimeException());
            }
        } catch (IllegalStateException e) {
            // The call closed under us (cancelled since the check above): there is nobody left to tell.
        }
    }
}
