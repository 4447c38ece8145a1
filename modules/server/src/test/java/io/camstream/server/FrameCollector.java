package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.client.FrameListener;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Collects a subscription's frames for assertions; bounded so a runaway stream cannot eat the heap. */
class FrameCollector implements FrameListener {

    private static final int LIMIT = 10_000;

    private final List<VideoFrame> frames = new ArrayList<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();

    @Override
    public synchronized void onFrame(VideoFrame frame) {
        if (frames.size() < LIMIT) {
            frames.add(frame);
        }
        notifyAll();
    }

    @Override
    public void onEnd(Status status) {
        end.complete(status);
        synchronized (this) {
            notifyAll();
        }
    }

    /** Waits until at least {@code count} frames arrived, failing the test after {@code timeout}. */
    synchronized List<VideoFrame> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.size() < count) {
            if (end.isDone()) {
                fail("the stream ended after " + frames.size() + " of " + count + " frames: " + end.join());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("only " + frames.size() + " of " + count + " frames within " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return List.copyOf(frames);
    }

    /** Waits until a frame with at least this sequence number arrived. */
    synchronized void awaitSequence(long sequence, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (frames.isEmpty() || frames.get(frames.size() - 1).getSequence() < sequence) {
            if (end.isDone()) {
                fail("the stream ended before frame " + sequence + ": " + end.join());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                fail("no frame " + sequence + " within " + timeout + "; last: "
                        + (frames.isEmpty() ? "none" : frames.get(frames.size() - 1).getSequence()));
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    synchronized List<VideoFrame> frames() {
        return List.copyOf(frames);
    }

    Status awaitEnd(Duration timeout) throws Exception {
        return end.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static void assertIncreasing(List<VideoFrame> frames) {
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).getSequence() > frames.get(i - 1).getSequence(),
                    "sequence " + frames.get(i).getSequence() + " after " + frames.get(i - 1).getSequence());
        }
    }
}
