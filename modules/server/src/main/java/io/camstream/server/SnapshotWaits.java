package io.camstream.server;

import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.HubException;
import io.camstream.hub.Mailbox;
import io.camstream.hub.Variant;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers {@code Snapshot} calls, waiting for a camera's first frame without holding a thread.
 *
 * <p>A camera with a frame answers at once. One without (it has just started, or its source has not
 * delivered yet) gets a waiting list: one hub mailbox per camera, however many snapshots wait, whose
 * first frame answers them all on the delivery executor; a timer on the housekeeping executor answers
 * each one that waits too long with UNAVAILABLE. Before, each such call parked a gRPC thread for up to
 * 5 s: 2,000 concurrent snapshots took 2,034 threads. How many may wait at once is bounded too.
 */
final class SnapshotWaits {

    private final int maxWaiting;
    private final Duration wait;
    private final Executor delivery;
    private final ScheduledExecutorService timer;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Guarded by this: the waiting list of each camera that has one. */
    private final Map<Camera, WaitingList> lists = new HashMap<>();

    /**
     * @param maxWaiting the most snapshots waiting at once, server-wide; 0 for no limit
     * @param wait how long each waits
     */
    SnapshotWaits(int maxWaiting, Duration wait, Executor delivery, ScheduledExecutorService timer) {
        this.maxWaiting = maxWaiting;
        this.wait = wait;
        this.delivery = delivery;
        this.timer = timer;
    }

    /** Snapshots waiting now. */
    int waiting() {
        return waiting.get();
    }

    /** Answers with the camera's newest frame in that variant within {@code maxBytes}, now or once there is one. */
    void answer(Camera camera, Variant variant, int maxBytes, StreamObserver<VideoFrame> response) {
        CapturedFrame latest = camera.latest();
        if (latest != null) {
            respond(camera, latest, variant, maxBytes, response);
            return;
        }
        if (wait.isZero()) {
            response.onError(noFrameYet(camera).asRuntimeException());
            return;
        }
        if (waiting.incrementAndGet() > maxWaiting && maxWaiting > 0) {
            waiting.decrementAndGet();
            response.onError(Status.RESOURCE_EXHAUSTED.withDescription("too many snapshots are waiting for a "
                    + "camera's first frame (limit " + maxWaiting + "); try again later").asRuntimeException());
            return;
        }
        Waiter waiter = new Waiter(camera, variant, maxBytes, response);
        ((ServerCallStreamObserver<VideoFrame>) response).setOnCancelHandler(() -> {
            if (waiter.end()) {
                leave(waiter);
            }
        });
        try {
            join(waiter);
        } catch (RuntimeException e) { // FULL or SHUTTING_DOWN from the hub
            if (waiter.end()) {
                response.onError(HubStatus.ofRequest(e).asRuntimeException());
            }
            return;
        }
        waiter.timeout = timer.schedule(() -> {
            if (waiter.end()) {
                leave(waiter);
                response.onError(noFrameYet(camera).asRuntimeException());
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void join(Waiter waiter) {
        WaitingList list = lists.get(waiter.camera);
        if (list == null) {
            list = new WaitingList();
            WaitingList created = list;
            lists.put(waiter.camera, list);
            try {
                // Subscribing offers the newest frame at once if one came meanwhile: nothing is missed.
                list.mailbox = waiter.camera.subscribe(() -> wake(waiter.camera, created));
            } catch (RuntimeException e) {
                lists.remove(waiter.camera);
                throw e;
            }
        }
        list.waiters.add(waiter);
    }

    /** Called on the capture thread for each frame (or the end): must return at once. */
    private void wake(Camera camera, WaitingList list) {
        try {
            delivery.execute(() -> answerAll(camera, list));
        } catch (RejectedExecutionException e) {
            // The server is shutting down: it cancels every call itself.
        }
    }

    private void answerAll(Camera camera, WaitingList list) {
        List<Waiter> ready;
        CapturedFrame frame;
        HubException end;
        synchronized (this) {
            if (lists.get(camera) != list || list.mailbox == null) {
                return; // answered already
            }
            frame = list.mailbox.poll();
            end = list.mailbox.end();
            if (frame == null && end == null) {
                return;
            }
            lists.remove(camera);
            list.mailbox.close();
            ready = new ArrayList<>(list.waiters);
        }
        for (Waiter waiter : ready) {
            if (!waiter.end()) {
                continue;
            }
            if (frame != null) {
                respond(camera, frame, waiter.variant, waiter.maxBytes, waiter.response);
            } else {
                waiter.response.onError(HubStatus.of(end).asRuntimeException());
            }
        }
    }

    /** A waiter that gave up (cancelled, or timed out) leaves its list, and the camera when it was the last. */
    private synchronized void leave(Waiter waiter) {
        WaitingList list = lists.get(waiter.camera);
        if (list != null && list.waiters.remove(waiter) && list.waiters.isEmpty()) {
            lists.remove(waiter.camera);
            list.mailbox.close();
        }
    }

    private static void respond(Camera camera, CapturedFrame frame, Variant variant, int maxBytes,
            StreamObserver<VideoFrame> response) {
        VideoFrame message;
        try {
            message = SubscribeDelivery.videoFrame(camera.encode(frame, variant, maxBytes), 0).build();
        } catch (Throwable e) {
            // An Error too: the other snapshots answered by the same frame must still get their answers.
            response.onError((e instanceof RuntimeException failure ? HubStatus.ofRequest(failure)
                    : e instanceof OutOfMemoryError ? Status.RESOURCE_EXHAUSTED.withDescription("camstream ran out "
                            + "of memory encoding the snapshot; a smaller max size or quality needs less")
                    : Status.INTERNAL.withDescription("camstream failed: " + e)).asRuntimeException());
            return;
        }
        response.onNext(message);
        response.onCompleted();
    }

    private static Status noFrameYet(Camera camera) {
        return HubStatus.of(new HubException(HubException.Reason.NO_FRAME_YET,
                "camera '" + camera.name() + "' has delivered no frame yet"));
    }

    /** The snapshots waiting for one camera, and the one mailbox that wakes them. */
    private static final class WaitingList {
        final Set<Waiter> waiters = new LinkedHashSet<>();
        Mailbox mailbox;
    }

    /** One waiting snapshot; whoever ends it first (frame, timeout, cancel) answers it, once. */
    private final class Waiter {
        final Camera camera;
        final Variant variant;
        final int maxBytes;
        final StreamObserver<VideoFrame> response;
        final AtomicBoolean ended = new AtomicBoolean();
        volatile ScheduledFuture<?> timeout;

        Waiter(Camera camera, Variant variant, int maxBytes, StreamObserver<VideoFrame> response) {
            this.camera = camera;
            this.variant = variant;
            this.maxBytes = maxBytes;
            this.response = response;
        }

        /** True for the first caller only, who must answer (or, for a cancel, need not). */
        boolean end() {
            if (!ended.compareAndSet(false, true)) {
                return false;
            }
            waiting.decrementAndGet();
            ScheduledFuture<?> scheduled = timeout;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            return true;
        }
    }
}
