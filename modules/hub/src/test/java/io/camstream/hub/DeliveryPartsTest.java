package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What every way of watching shares: the max_fps schedule and the one-thread-at-a-time drain. */
@Timeout(30)
class DeliveryPartsTest {

    @Test
    void aThirtyFpsCameraWatchedAtTwentyGivesTwoFramesOfEveryThreeAndRestartsAfterAStall() {
        RateLimit rate = new RateLimit(20);
        long accepted = IntStream.range(0, 300).filter(i -> rate.accepts(frameAt(i * 33_333L))).count();
        assertEquals(200, accepted, 1);

        // Ten seconds of nothing, then frames again: the schedule restarts, no burst to catch up.
        long after = IntStream.range(0, 30).filter(i -> rate.accepts(frameAt(20_000_000L + i * 33_333L))).count();
        assertEquals(20, after, 1);
        assertTrue(IntStream.range(0, 100).allMatch(i -> new RateLimit(0).accepts(frameAt(i))), "0: no limit");
    }

    @Test
    void theStepNeverRunsOnTwoThreadsAndRunsAgainAfterEveryRequest() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(4);
        AtomicInteger running = new AtomicInteger();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger requestsSeen = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        SerialDrain drain = new SerialDrain(executor, () -> {
            if (running.incrementAndGet() > 1) {
                overlapped.set(true);
            }
            requestsSeen.set(requests.get());
            running.decrementAndGet();
        }, () -> { });
        ExecutorService requesters = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 20_000; i++) {
            requesters.execute(() -> {
                requests.incrementAndGet();
                drain.request();
            });
        }
        requesters.shutdown();
        assertTrue(requesters.awaitTermination(20, TimeUnit.SECONDS));
        executor.shutdown();
        assertTrue(executor.awaitTermination(20, TimeUnit.SECONDS));
        assertFalse(overlapped.get(), "the step ran on two threads at once");
        assertEquals(20_000, requestsSeen.get(), "a run came after the last request");
    }

    @Test
    void aRequestHereRunsOnTheCallersThreadWhenIdleAndOtherwiseLeavesItToTheRunningDrain() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            AtomicInteger runs = new AtomicInteger();
            CountDownLatch stepStarted = new CountDownLatch(1);
            CountDownLatch releaseStep = new CountDownLatch(1);
            AtomicBoolean blockFirst = new AtomicBoolean();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            SerialDrain drain = new SerialDrain(executor, () -> {
                threads.add(Thread.currentThread());
                runs.incrementAndGet();
                if (blockFirst.compareAndSet(true, false)) {
                    stepStarted.countDown();
                    await(releaseStep);
                }
            }, () -> { });

            drain.requestHere();
            assertEquals(1, runs.get(), "ran before returning");
            assertEquals(Thread.currentThread(), threads.get(0), "on the caller's thread");

            // A drain running on the executor: a request here only asks it to go round once more.
            blockFirst.set(true);
            drain.request();
            assertTrue(stepStarted.await(10, TimeUnit.SECONDS));
            drain.requestHere();
            assertEquals(2, runs.get(), "returned at once, without running the step beside the running one");
            releaseStep.countDown();
            executor.shutdown();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(3, runs.get(), "the running drain ran the step again for it");
            assertNotEquals(Thread.currentThread(), threads.get(2), "on the executor's thread");
        } finally {
            executor.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aStepThatThrowsLeavesTheDrainWorkingAndARefusingExecutorGetsTheRejectedAction() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        CountDownLatch ranAgain = new CountDownLatch(2);
        SerialDrain throwing = new SerialDrain(executor, () -> {
            ranAgain.countDown();
            throw new IllegalStateException("a step that fails");
        }, () -> { });
        throwing.request();
        Thread.sleep(100);
        throwing.request();
        assertTrue(ranAgain.await(5, TimeUnit.SECONDS), "the drain stopped after a step threw");
        executor.shutdown();

        AtomicBoolean rejected = new AtomicBoolean();
        new SerialDrain(command -> {
            throw new RejectedExecutionException("shutting down");
        }, () -> { }, () -> rejected.set(true)).request();
        assertTrue(rejected.get());
    }

    private static CapturedFrame frameAt(long captureMicros) {
        return CapturedFrame.of(new Frame(1, captureMicros, 2, 2, PixelFormat.GRAY8, new byte[4]));
    }
}
