package io.camstream.cli;

import io.camstream.client.CamstreamClient;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A viewer that keeps watching: when its stream ends (the server restarted) it subscribes again a quarter of a
 * second later, as long as it is open, while gRPC's channel reconnects with its own backoff. It records when
 * each frame arrived and what it said.
 */
final class Watcher implements AutoCloseable {

    /** One frame as this viewer saw it. */
    record Seen(long arrivalNanos, long sequence, long captureMicros, boolean noSignal, boolean stamped,
            int quality, int jpegBytes) {
    }

    private final String target;
    private final SubscribeRequest request;
    private final CamstreamClient client;
    private final List<Seen> frames = new ArrayList<>();
    private final ScheduledExecutorService again = Executors.newSingleThreadScheduledExecutor();
    private int ends;
    private Subscription subscription;
    private boolean closed;

    /** Watches camera {@code front} in the server's default variant. */
    Watcher(String target) {
        this(target, SubscribeRequest.newBuilder().setCamera("front").build());
    }

    Watcher(String target, SubscribeRequest request) {
        this.target = target;
        this.request = request;
        this.client = CamstreamClient.connect(target);
        subscribe();
    }

    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        subscription = client.subscribe(request, new FrameListener() {
                    @Override
                    public void onFrame(VideoFrame frame) {
                        seen(new Seen(System.nanoTime(), frame.getSequence(),
                                WireFrames.epochMicros(frame.getCaptureTime()), frame.getNoSignal(),
                                frame.getStamped(), frame.getQuality(), frame.getData().size()));
                    }

                    @Override
                    public void onEnd(Status status) {
                        ended();
                    }
                });
    }

    private synchronized void seen(Seen frame) {
        frames.add(frame);
        notifyAll();
    }

    private synchronized void ended() {
        ends++;
        if (!closed) {
            again.schedule(this::subscribe, 250, TimeUnit.MILLISECONDS);
        }
    }

    synchronized List<Seen> frames() {
        return List.copyOf(frames);
    }

    /** How many times its stream ended. */
    synchronized int ends() {
        return ends;
    }

    /** Waits until the frames seen so far meet {@code condition}; fails saying {@code what} otherwise. */
    synchronized void await(String what, Predicate<List<Seen>> condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(frames)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(this + ": no " + what + " within " + timeout.toSeconds() + " s");
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** The longest time between two real frames arriving in [from, to] (the bounds count as arrivals). */
    synchronized long longestGapMillis(long fromNanos, long toNanos) {
        long previous = fromNanos;
        long longest = 0;
        for (Seen frame : frames) {
            if (frame.noSignal() || frame.arrivalNanos() < fromNanos) {
                continue;
            }
            long at = Math.min(frame.arrivalNanos(), toNanos);
            longest = Math.max(longest, at - previous);
            previous = at;
            if (frame.arrivalNanos() >= toNanos) {
                return longest / 1_000_000;
            }
        }
        return Math.max(longest, toNanos - previous) / 1_000_000;
    }

    /** How long after {@code fromNanos} the first real frame arrived, or -1. */
    synchronized long firstRealAfterMillis(long fromNanos) {
        return frames.stream().filter(f -> !f.noSignal() && f.arrivalNanos() > fromNanos).findFirst()
                .map(f -> (f.arrivalNanos() - fromNanos) / 1_000_000).orElse(-1L);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (subscription != null) {
                subscription.cancel();
            }
        }
        again.shutdownNow();
        client.close();
    }

    @Override
    public synchronized String toString() {
        return "viewer of " + target + " (" + frames.size() + " frames, " + ends + " ends)";
    }
}
