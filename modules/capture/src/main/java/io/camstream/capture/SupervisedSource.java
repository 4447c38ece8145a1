package io.camstream.capture;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps frames flowing whatever the real source does. A grab that throws, returns nothing or hangs
 * past a watchdog timeout takes the source down; it is then reopened with capped exponential
 * backoff while {@link #grab()} returns "NO SIGNAL" placeholder frames (same size, flagged
 * {@link Frame#placeholder()}) at a low rate, so subscribers keep their streams. Sequence numbers
 * keep increasing across restarts and placeholders: the source's own while they do (so a relay
 * keeps its upstream's), the next after the last one otherwise. Each change of state is logged
 * once, never per frame.
 *
 * <p>The real source's grabs and opens run on a worker thread so that a hung native call can be
 * abandoned: that worker is dropped with the source and a fresh one serves the next attempt.
 */
public final class SupervisedSource implements FrameSource {

    /** How to (re)open the real source; called once at start and again after every failure. */
    @FunctionalInterface
    public interface Opener {
        FrameSource open() throws IOException, InterruptedException;
    }

    private static final System.Logger LOG = System.getLogger(SupervisedSource.class.getName());
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final String name;
    private final Opener opener;
    private final Supervision policy;
    private final Clock clock;
    private final long placeholderPeriodNanos;
    private final Object monitor = new Object();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    // Only the grabbing thread touches these.
    private long sequence;
    private long backoffNanos;
    private long nextAttemptNanos;
    private long attemptDeadlineNanos;
    private long nextPlaceholderNanos;
    private long downSinceNanos;
    private int failedAttempts;
    private boolean deliveredSinceOpen;
    private NoSignalPicture placeholder;

    private volatile Session session;
    private volatile Attempt attempt;
    private volatile SourceInfo lastInfo;
    private volatile boolean finished;
    private volatile boolean closed;

    private SupervisedSource(String name, Opener opener, Supervision policy, SourceInfo expected, Clock clock) {
        this.name = name;
        this.opener = opener;
        this.policy = policy;
        this.clock = clock;
        this.lastInfo = expected;
        this.placeholderPeriodNanos = Math.round(TimeUnit.SECONDS.toNanos(1) / policy.placeholderFps());
        this.backoffNanos = policy.initialBackoff().toNanos();
    }

    /**
     * Opens the source once and supervises it from then on.
     *
     * @param name what logs call it, e.g. the {@code --source} value
     * @param expected size and format of placeholders until the source has said what it delivers
     * @throws SourceUnavailableException when the source can never work as given (and so is not
     *     worth supervising), as are {@link IllegalArgumentException}s and other runtime failures
     *     of the first open; any other failure starts it down, sending placeholders and retrying
     */
    public static SupervisedSource start(String name, Opener opener, Supervision policy, SourceInfo expected)
            throws IOException, InterruptedException {
        SupervisedSource supervised = new SupervisedSource(name, opener, policy, expected, Clock.systemUTC());
        supervised.openFirst();
        return supervised;
    }

    /**
     * Runs once the source reached its end (a file that does not loop); never for failures. It runs
     * on a thread of its own, so it may close whatever is calling {@link #grab()}.
     */
    public void onEnd(Runnable action) {
        ended.thenRun(action);
    }

    /** Whether the real source is delivering (false while down or after its end). */
    public boolean isUp() {
        return session != null;
    }

    @Override
    public SourceInfo info() {
        Session current = session;
        if (current != null) {
            return current.source.info();
        }
        SourceInfo last = lastInfo;
        return new SourceInfo(last.description() + (finished ? " (ended)" : " (no signal, retrying)"), last.width(),
                last.height(), last.fps(), last.format());
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        while (true) {
            if (closed) {
                throw new IOException("source " + name + " is closed");
            }
            if (finished) {
                awaitClose();
                continue;
            }
            Session current = session;
            Frame frame = current != null ? grabFrom(current) : whileDown();
            if (frame != null) {
                return frame;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (monitor) {
            monitor.notifyAll();
        }
        Session current = session;
        if (current != null) {
            current.close();
        }
        Attempt pending = attempt;
        if (pending != null) {
            pending.abandon();
        }
    }

    private void openFirst() throws IOException, InterruptedException {
        Attempt first = new Attempt(opener);
        try {
            comeUp(first, first.result.get(policy.openTimeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            first.worker.shutdownNow();
            Throwable cause = e.getCause();
            if (cause instanceof SourceUnavailableException unavailable) {
                throw unavailable;
            }
            if (!(cause instanceof IOException)) {
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("opening source " + name + " failed", cause);
            }
            goDown(null, describe(cause));
        } catch (TimeoutException e) {
            first.abandon();
            goDown(null, "it did not open within " + millis(policy.openTimeout().toNanos()) + " ms");
        } catch (InterruptedException e) {
            first.abandon();
            throw e;
        }
    }

    private Frame grabFrom(Session current) throws InterruptedException {
        long timeout = Math.max(policy.grabTimeout().toNanos(), Math.round(3 * TimeUnit.SECONDS.toNanos(1) / current.fps()));
        try {
            Frame frame = current.grab(timeout);
            if (frame == null) {
                goDown(current, "it delivered no frame");
                return null;
            }
            if (!deliveredSinceOpen) {
                // Only frames prove a recovery: a source that opens and fails at once keeps backing off.
                deliveredSinceOpen = true;
                backoffNanos = policy.initialBackoff().toNanos();
            }
            // The source's own number while it keeps increasing (a relay keeps its upstream's); a source
            // that restarted its count continues from the last number instead, so numbers never go back.
            sequence = frame.sequence() > sequence ? frame.sequence() : sequence + 1;
            // A stamp still tells the truth only if the number was kept.
            return new Frame(sequence, frame.captureEpochMicros(), frame.width(), frame.height(), frame.format(),
                    frame.pixels(), frame.placeholder(), frame.stamped() && sequence == frame.sequence());
        } catch (EndOfSourceException e) {
            finish(current, e);
        } catch (TimeoutException e) {
            goDown(current, "it hung: no frame within " + millis(timeout) + " ms");
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                goDown(current, describe(e));
            }
        }
        return null;
    }

    /** Tries to reopen when due and returns a placeholder when one is due, else null. */
    private Frame whileDown() throws InterruptedException {
        if (attempt == null && System.nanoTime() - nextAttemptNanos >= 0) {
            attempt = new Attempt(opener);
            attemptDeadlineNanos = System.nanoTime() + policy.openTimeout().toNanos();
        }
        Attempt pending = attempt;
        if (pending != null) {
            long wait = Math.min(nextPlaceholderNanos, attemptDeadlineNanos) - System.nanoTime();
            try {
                comeUp(pending, pending.result.get(Math.max(0, wait), TimeUnit.NANOSECONDS));
                return null;
            } catch (ExecutionException e) {
                pending.worker.shutdownNow();
                attemptFailed(describe(e.getCause()));
            } catch (TimeoutException e) {
                if (System.nanoTime() - attemptDeadlineNanos >= 0) {
                    pending.abandon();
                    attemptFailed("it did not open within " + millis(policy.openTimeout().toNanos()) + " ms");
                }
            } catch (CancellationException e) {
                attempt = null;
            }
        } else {
            sleepUntil(Math.min(nextPlaceholderNanos, nextAttemptNanos));
        }
        long now = System.nanoTime();
        if (now - nextPlaceholderNanos < 0) {
            return null;
        }
        // On schedule, but never in a burst to catch up after a long attempt.
        nextPlaceholderNanos = Math.max(nextPlaceholderNanos + placeholderPeriodNanos, now);
        return placeholderFrame();
    }

    private Frame placeholderFrame() {
        SourceInfo last = lastInfo;
        if (placeholder == null || !placeholder.fits(last.width(), last.height(), last.format())) {
            placeholder = new NoSignalPicture(last.width(), last.height(), last.format());
        }
        return placeholder.frame(++sequence, epochMicros(clock.instant()));
    }

    private void comeUp(Attempt opened, FrameSource source) {
        attempt = null;
        Session fresh = new Session(source, opened.worker);
        lastInfo = source.info();
        deliveredSinceOpen = false;
        session = fresh;
        if (closed) {
            fresh.close();
        } else if (downSinceNanos != 0) {
            LOG.log(Level.INFO, "source {0} is back after {1} s and {2} failed attempts: {3}", name,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - downSinceNanos) / 1e9),
                    failedAttempts, describe(lastInfo));
            downSinceNanos = 0;
        }
    }

    private void goDown(Session failed, String reason) {
        session = null;
        if (failed != null) {
            failed.close();
        }
        long now = System.nanoTime();
        downSinceNanos = now;
        failedAttempts = 0;
        nextAttemptNanos = now + backoffNanos;
        nextPlaceholderNanos = now;
        LOG.log(Level.WARNING, "source {0} is down ({1}); sending NO SIGNAL frames and reopening it, waiting {2} ms"
                + " at first and up to {3} ms between attempts", name, reason, millis(backoffNanos),
                millis(policy.maxBackoff().toNanos()));
    }

    private void attemptFailed(String reason) {
        attempt = null;
        failedAttempts++;
        backoffNanos = Math.min(2 * backoffNanos, policy.maxBackoff().toNanos());
        nextAttemptNanos = System.nanoTime() + backoffNanos;
        LOG.log(Level.DEBUG, "source {0}: reopen attempt {1} failed ({2}); next in {3} ms", name, failedAttempts,
                reason, millis(backoffNanos));
    }

    private void finish(Session current, EndOfSourceException e) {
        finished = true;
        session = null;
        current.close();
        LOG.log(Level.INFO, "source {0} reached its end: {1}", name, e.getMessage());
        ended.completeAsync(() -> null);
    }

    private void awaitClose() throws InterruptedException {
        synchronized (monitor) {
            while (!closed) {
                monitor.wait();
            }
        }
    }

    private void sleepUntil(long deadlineNanos) throws InterruptedException {
        synchronized (monitor) {
            long left;
            while (!closed && (left = deadlineNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }

    private static String describe(Throwable failure) {
        return failure.getMessage() != null ? failure.getMessage() : failure.toString();
    }

    private static String describe(SourceInfo info) {
        return String.format(Locale.ROOT, "%s %dx%d at %.4g fps", info.description(), info.width(),
                info.height(), info.fps());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static long epochMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "camstream-source-" + WORKERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One opening of the real source, on the worker thread that will then grab from it. */
    private static final class Attempt {
        final ExecutorService worker = newWorker();
        final CompletableFuture<FrameSource> result = new CompletableFuture<>();

        Attempt(Opener opener) {
            worker.execute(() -> {
                try {
                    FrameSource source = opener.open();
                    if (!result.complete(source)) {
                        source.close(); // abandoned while opening
                    }
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        }

        void abandon() {
            if (!result.cancel(false)) {
                result.thenAccept(FrameSource::close);
            }
            worker.shutdownNow();
        }
    }

    /** An open real source and the worker thread its grabs run on. */
    private record Session(FrameSource source, ExecutorService worker) {

        double fps() {
            double fps = source.info().fps();
            return fps > 0 ? fps : 1;
        }

        Frame grab(long timeoutNanos) throws IOException, InterruptedException, TimeoutException {
            Future<Frame> frame = worker.submit(source::grab);
            try {
                return frame.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof InterruptedException) {
                    throw new IOException("grab was interrupted", cause);
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException(cause);
            } catch (TimeoutException | InterruptedException e) {
                frame.cancel(true);
                throw e;
            }
        }

        void close() {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a failed source failed too", e);
            } finally {
                worker.shutdownNow();
            }
        }
    }
}
