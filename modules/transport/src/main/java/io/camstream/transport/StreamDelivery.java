package io.camstream.transport;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Delivers frames to one server-side stream without ever queueing more than one.
 *
 * <p>The hub drops each new frame into a one-slot mailbox ({@link #offer}); a drain task on the
 * delivery executor sends while gRPC says the call {@link ServerCallStreamObserver#isReady() is
 * ready}, and the call's on-ready handler restarts the drain when the transport has room again. A
 * client that reads slower than the camera therefore skips to the newest frame, holds at most one
 * pending frame however long it stalls, and never slows the capture thread or other clients.
 *
 * <p>Every touch of the call (send, complete, fail) happens inside {@link #drain()}, which the
 * work-in-progress counter keeps to one thread at a time, as gRPC requires.
 */
abstract class StreamDelivery<T> implements FrameSubscriber {

    private static final System.Logger LOG = System.getLogger(StreamDelivery.class.getName());

    protected final FrameHub hub;
    protected final ServerCallStreamObserver<T> call;
    private final Executor executor;
    private final SubscriberLimit limit;
    private final AtomicReference<CapturedFrame> mailbox = new AtomicReference<>();
    private final AtomicInteger workInProgress = new AtomicInteger();
    private volatile Status closing;
    private volatile boolean cancelled;
    private boolean finished;
    private long lastSentSequence;

    /** Takes over one slot of {@code limit}, which it releases when the stream ends. */
    StreamDelivery(FrameHub hub, ServerCallStreamObserver<T> call, Executor executor, SubscriberLimit limit) {
        this.hub = hub;
        this.call = call;
        this.executor = executor;
        this.limit = limit;
        call.setOnReadyHandler(this::signal);
        call.setOnCancelHandler(() -> {
            cancelled = true;
            signal();
        });
    }

    @Override
    public final void offer(CapturedFrame frame) {
        mailbox.set(frame);
        signal();
    }

    @Override
    public final void close(Status status) {
        closing = status;
        signal();
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

    /** Builds the message for this frame; {@code skipped} frames were dropped since the last one sent. */
    protected abstract T message(CapturedFrame frame, long skipped);

    /** Called after each send, inside the drain. */
    protected void sent() {
    }

    /** Asks for a drain; cheap and safe from any thread. */
    protected final void signal() {
        if (workInProgress.getAndIncrement() == 0) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        int missed = 1;
        do {
            if (!finished) {
                try {
                    drainOnce();
                } catch (RuntimeException e) {
                    if (closing != null) {
                        finish(closing); // the hub closed its encoders under us: shutting down, not a failure
                    } else {
                        LOG.log(Level.WARNING, "stream failed while sending a frame", e);
                        finish(Status.INTERNAL.withDescription("camstream could not send a frame: " + e).withCause(e));
                    }
                }
            }
            missed = workInProgress.addAndGet(-missed);
        } while (missed != 0);
    }

    private void drainOnce() {
        if (cancelled) {
            finish(null);
            return;
        }
        Status status = closing;
        if (status != null) {
            finish(status);
            return;
        }
        while (call.isReady() && wantsFrame()) {
            CapturedFrame frame = mailbox.getAndSet(null);
            if (frame == null) {
                break;
            }
            if (frame.sequence() <= lastSentSequence || !accepts(frame)) {
                continue;
            }
            long skipped = lastSentSequence == 0 ? 0 : frame.sequence() - lastSentSequence - 1;
            call.onNext(message(frame, skipped));
            lastSentSequence = frame.sequence();
            sent();
        }
        if (completeWhenIdle()) {
            finish(Status.OK);
        }
    }

    /** Ends the stream once: with {@code status}, or silently when the client already cancelled it. */
    private void finish(Status status) {
        finished = true;
        mailbox.set(null);
        hub.unsubscribe(this);
        limit.release();
        if (status == null || cancelled) {
            return;
        }
        if (status.isOk()) {
            call.onCompleted();
        } else {
            call.onError(status.asRuntimeException());
        }
    }
}
