package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
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
