package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SupervisedSourceTest {

    /** Short timeouts and backoff so failures and recoveries take a fraction of a second. */
    static final Supervision QUICK = new Supervision(Duration.ofMillis(300), Duration.ofSeconds(2),
            Duration.ofMillis(40), Duration.ofMillis(160), 20);
    private static final SourceInfo EXPECTED = new SourceInfo("flaky", 320, 240, 100, PixelFormat.BGR24);

    @Test
    void failsThenHangsThenRecoversWithPlaceholdersBetweenAndSequenceNumbersStillIncreasing() throws Exception {
        FlakySource.Script script = new FlakySource.Script(
                FlakySource.deliverThenThrow(5), FlakySource.failToOpen(), FlakySource.deliverThenHang(3),
                FlakySource.deliverForever());
        List<Frame> frames = new ArrayList<>();
        try (SupervisedSource source = SupervisedSource.start("flaky", script, QUICK, EXPECTED)) {
            while (frames.stream().filter(f -> !f.placeholder()).count() < 5 + 3 + 10 && frames.size() < 1000) {
                frames.add(source.grab());
            }
            assertTrue(source.isUp());
            assertEquals(2, source.reconnects(), "came back twice; the first open and the failed one do not count");
        }

        assertEquals(4, script.opens(), "opened at start, then after the failure, the failed open and the hang");
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i + 1, frames.get(i).sequence(), "renumbered without gaps: " + frames.get(i));
        }
        assertEquals("RRRRRP", pattern(frames).substring(0, 6), "five real frames, then NO SIGNAL at once");
        assertTrue(pattern(frames).matches("R{5}P+R{3}P+R{10}"), "down twice, up three times: " + pattern(frames));
        for (Frame frame : frames) {
            assertEquals(320, frame.width());
            assertEquals(240, frame.height());
            if (frame.placeholder()) {
                assertTrue(FrameStamp.read(frame).orElseThrow().matches(frame.sequence(), frame.captureEpochMicros()),
                        "placeholders carry their own stamp");
            }
        }
    }

    @Test
    void anOpeningThatListenedLongerThanTheBackoffIsFollowedAtOnceWhileQuickFailuresWaitTheBackoff()
            throws Exception {
        // Backoff 200 ms doubling to 400 ms. The slow source listens 600 ms for a first frame, then fails.
        Supervision policy = new Supervision(Duration.ofMillis(300), Duration.ofSeconds(2), Duration.ofMillis(200),
                Duration.ofMillis(400), 20);
        FlakySource.Script slow = new FlakySource.Script(FlakySource.deliverThenThrow(3),
                FlakySource.failToOpenAfter(600));
        FlakySource.Script quick = new FlakySource.Script(FlakySource.deliverThenThrow(3), FlakySource.failToOpen());
        for (FlakySource.Script script : List.of(slow, quick)) {
            try (SupervisedSource source = SupervisedSource.start("flaky", script, policy, EXPECTED)) {
                while (script.opens() < 6) {
                    source.grab();
                }
            }
        }
        // The first pause holds the three frames and the backoff after the outage began; the others follow
        // failed openings.
        List<Long> slowPauses = slow.pausesBetweenOpensMillis().subList(1, 5);
        List<Long> quickPauses = quick.pausesBetweenOpensMillis().subList(1, 5);
        assertTrue(slowPauses.stream().allMatch(ms -> ms < 250), "listening without a 400 ms pause: " + slowPauses);
        assertTrue(quickPauses.stream().allMatch(ms -> ms >= 350), "quick failures wait 400 ms: " + quickPauses);
    }

    @Test
    void aSourceThatCanNeverWorkFailsTheStartAndIsNotRetried() {
        FlakySource.Script script = new FlakySource.Script(FlakySource.unavailable("no camera at index 0"));
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> SupervisedSource.start("camera:0", script, QUICK, EXPECTED));
        assertEquals("no camera at index 0", e.getMessage());
        assertEquals(1, script.opens());
    }

    @Test
    void aSourceThatIsDownAtStartBeginsWithPlaceholdersOfTheExpectedSizeAndComesUp() throws Exception {
        FlakySource.Script script = new FlakySource.Script(FlakySource.failToOpen(), FlakySource.deliverForever());
        try (SupervisedSource source = SupervisedSource.start("flaky", script, QUICK, EXPECTED)) {
            assertFalse(source.isUp());
            assertTrue(source.info().description().contains("no signal"), source.info().description());
            Frame first = source.grab();
            assertTrue(first.placeholder());
            assertEquals(1, first.sequence());
            assertEquals(320, first.width());
            Frame frame = first;
            for (int i = 0; i < 200 && frame.placeholder(); i++) {
                frame = source.grab();
            }
            assertFalse(frame.placeholder(), "it came up by itself");
            assertTrue(source.isUp());
            assertEquals(1, source.reconnects(), "down from the start, then up: one reconnect");
        }
    }

    @Test
    void aFiniteSourceEndsOnceWithoutRestartingAndGrabWaitsForClose() throws Exception {
        FlakySource.Script script = new FlakySource.Script(FlakySource.deliverThenEnd(3), FlakySource.deliverForever());
        SupervisedSource source = SupervisedSource.start("clip", script, QUICK, EXPECTED);
        CountDownLatch ended = new CountDownLatch(1);
        source.onEnd(ended::countDown);
        for (int i = 1; i <= 3; i++) {
            assertEquals(i, source.grab().sequence());
        }
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return new AssertionError("grab returned " + source.grab());
            } catch (Exception e) {
                return e;
            }
        });
        assertTrue(ended.await(10, TimeUnit.SECONDS), "the end was announced");
        assertFalse(blocked.isDone(), "after the end, grab waits instead of restarting the source");
        source.close();
        assertTrue(blocked.get(10, TimeUnit.SECONDS) instanceof IOException);
        assertEquals(1, script.opens());
    }

    @Test
    void aSourceDeliveringNothingCountsAsDown() throws Exception {
        AtomicInteger opens = new AtomicInteger();
        SupervisedSource.Opener nulls = () -> {
            opens.incrementAndGet();
            return new FlakySource(EXPECTED, () -> null);
        };
        try (SupervisedSource source = SupervisedSource.start("nulls", nulls, QUICK, EXPECTED)) {
            Frame frame = source.grab();
            assertTrue(frame.placeholder());
            for (int i = 0; i < 100 && opens.get() < 2; i++) {
                assertTrue(source.grab().placeholder());
            }
            assertTrue(opens.get() >= 2, "reopened after it delivered nothing");
        }
    }

    @Test
    void closeFromAnotherThreadEndsABlockedGrab() throws Exception {
        FlakySource.Script script = new FlakySource.Script(FlakySource.deliverThenHang(1));
        SupervisedSource source = SupervisedSource.start("hangs", script,
                new Supervision(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofMillis(40),
                        Duration.ofMillis(160), 20),
                EXPECTED);
        source.grab();
        CompletableFuture<Throwable> blocked = CompletableFuture.supplyAsync(() -> {
            try {
                return new AssertionError("grab returned " + source.grab());
            } catch (Exception e) {
                return e;
            }
        });
        Thread.sleep(100);
        source.close();
        Throwable thrown = blocked.get(10, TimeUnit.SECONDS);
        assertTrue(thrown instanceof IOException, String.valueOf(thrown));
    }

    @Test
    void infoIsTheRealSourcesWhileItIsUp() throws Exception {
        FlakySource.Script script = new FlakySource.Script(FlakySource.deliverForever());
        try (SupervisedSource source = SupervisedSource.start("up", script, QUICK, EXPECTED)) {
            assertSame(script.last().info(), source.info());
        }
    }

    @Test
    void aWatchedSourceIsRetriedNotReopenedAndClosedOnlyWithItsSupervisor() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        AtomicInteger grabs = new AtomicInteger();
        TestPatternSource pattern = new TestPatternSource(320, 240, 1000);
        // Knows no size yet, delivers 3 frames, fails 4 grabs (a network blip), then delivers again.
        FrameSource handedOver = new FrameSource() {
            @Override
            public SourceInfo info() {
                return new SourceInfo("handed over", 0, 0, 0, PixelFormat.BGR24);
            }

            @Override
            public Frame grab() throws IOException, InterruptedException {
                int grab = grabs.incrementAndGet();
                if (grab > 3 && grab <= 7) {
                    throw new IOException("blip " + grab);
                }
                return pattern.grab();
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        SupervisedSource source = SupervisedSource.watch("handed over", handedOver, QUICK);
        List<Frame> frames = new ArrayList<>();
        while (!pattern(frames).matches("R{3}P+R{3}")) {
            assertTrue(frames.size() < 500, pattern(frames));
            frames.add(source.grab());
        }
        Frame placeholder = frames.get(3);
        assertEquals(640, placeholder.width(), "a source that gave no size gets placeholders of the usual size");
        assertEquals(0, closes.get(), "a source that cannot be reopened is never closed on failure");
        for (int i = 1; i < frames.size(); i++) {
            assertTrue(frames.get(i).sequence() > frames.get(i - 1).sequence());
        }
        source.close();
        assertEquals(1, closes.get(), "closing the supervisor closes the source, once");
    }

    @Test
    void aSourceLeapingAbsurdlyFarAheadIsRenumberedAndNumbersNeverOverflow() throws Exception {
        long[] own = {1, 2, 3, Long.MAX_VALUE, 4, 5, 10 + SupervisedSource.MAX_JUMP, 6, 7};
        FrameSource numbered = numbered(own);
        List<Frame> frames = new ArrayList<>();
        try (SupervisedSource source = SupervisedSource.watch("leaping", numbered, QUICK)) {
            for (int i = 0; i < own.length; i++) {
                frames.add(source.grab());
            }
        }

        assertEquals("RRRRRRRRR", pattern(frames), "a leap is not a failure: nothing is dropped");
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(i + 1, frames.get(i).sequence(), "renumbered from the camera's own count: " + frames);
        }
        assertTrue(frames.get(2).stamped(), "a number kept keeps its stamp");
        assertFalse(frames.get(3).stamped(), "a renumbered frame's stamp no longer tells its number");
    }

    @Test
    void numbersAreKeptWhileTheyMoveForwardSanely() throws Exception {
        long[] own = {10, 11, 500, 501, SupervisedSource.MAX_JUMP + 501};
        List<Frame> frames = new ArrayList<>();
        try (SupervisedSource source = SupervisedSource.watch("skipping", numbered(own), QUICK)) {
            for (int i = 0; i < own.length; i++) {
                frames.add(source.grab());
            }
        }
        assertEquals(List.of(10L, 11L, 500L, 501L, SupervisedSource.MAX_JUMP + 501),
                frames.stream().map(Frame::sequence).toList(), "a relay keeps its upstream's numbers, gaps and all");
    }

    @Test
    void anOutOfMemoryErrorInAGrabTakesTheSourceDownAndItIsReopened() throws Exception {
        FlakySource.Script script = new FlakySource.Script(info -> {
            TestPatternSource pattern = new TestPatternSource(info.width(), info.height(), info.fps());
            AtomicInteger grabs = new AtomicInteger();
            return new FlakySource(info, () -> {
                if (grabs.incrementAndGet() == 4) {
                    throw new OutOfMemoryError("Java heap space (injected)");
                }
                return pattern.grab();
            });
        }, FlakySource.deliverForever());
        List<Frame> frames = new ArrayList<>();
        try (SupervisedSource source = SupervisedSource.start("oom", script, QUICK, EXPECTED)) {
            while (!pattern(frames).matches("R{3}P+R{3}")) {
                assertTrue(frames.size() < 500, pattern(frames));
                frames.add(source.grab());
            }
        }
        assertEquals(2, script.opens(), "restarted after the error");
    }

    @Test
    void aSourceLargerThanThePixelBudgetIsDownNotAllocatedOnceMore() throws Exception {
        FlakySource.Script script = new FlakySource.Script(FlakySource.deliverForever());
        AtomicInteger grabs = new AtomicInteger();
        FlakySource.Script counting = new FlakySource.Script(info -> {
            FrameSource real = script.open();
            return new FlakySource(real.info(), () -> {
                grabs.incrementAndGet();
                return real.grab();
            });
        });
        List<Frame> frames = new ArrayList<>();
        try (SupervisedSource source = SupervisedSource.start("huge", counting, QUICK, EXPECTED)) {
            for (int i = 0; i < 5; i++) {
                frames.add(source.grab(new PixelBudget(320 * 240 - 1)));
            }
            assertEquals("PPPPP", pattern(frames), "a source past the budget gives NO SIGNAL");
            assertEquals(0, grabs.get(), "a source that says its frames are too large is never asked for one");
            assertEquals(320, frames.get(0).width(), "placeholders keep the expected size");
            Frame next = source.grab(new PixelBudget(320 * 240));
            for (int i = 0; next.placeholder(); i++) {
                assertTrue(i < 100, "within the budget it comes back");
                next = source.grab(new PixelBudget(320 * 240));
            }
        }
    }

    /** A source whose frames carry these numbers (and a stamp each), then fails. */
    private static FrameSource numbered(long... sequences) {
        TestPatternSource pattern = new TestPatternSource(160, 120, 1000);
        AtomicInteger next = new AtomicInteger();
        return new FlakySource(pattern.info(), () -> {
            int i = next.getAndIncrement();
            if (i >= sequences.length) {
                throw new IOException("no more numbers");
            }
            Frame frame = pattern.grab();
            return new Frame(sequences[i], frame.captureEpochMicros(), frame.width(), frame.height(), frame.format(),
                    frame.pixels(), false, true);
        });
    }

    private static String pattern(List<Frame> frames) {
        StringBuilder pattern = new StringBuilder();
        frames.forEach(f -> pattern.append(f.placeholder() ? 'P' : 'R'));
        return pattern.toString();
    }
}
