package io.camstream.capture;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps frames flowing whatever the real source does. A grab that throws (anything, an
 * {@link Error} such as {@link OutOfMemoryError} included), returns nothing, hangs past a watchdog
 * timeout or delivers a frame larger than the {@link PixelBudget} takes the source down; it is then
 * reopened with capped exponential backoff while {@link #grab()} returns "NO SIGNAL" placeholder
 * frames (same size, flagged {@link Frame#placeholder()}) at a low rate, so subscribers keep their
 * streams. Sequence numbers keep increasing across restarts and placeholders: the source's own while
 * they move forward sanely (so a relay keeps its upstream's), the next after the last one otherwise
 * (see {@link #MAX_JUMP}). Each change of state is logged once, never per frame.
 *
 * <p>The real source's grabs and opens run on a worker thread so that a hung native call can be
 * abandoned: that worker is dropped with the source and a fresh one serves the next attempt.
 *
 * <p>A source handed over already open ({@link #watch}) cannot be reopened, only retried: it is never
 * closed on failure, and all its grabs run on one worker thread, one after another, so a grab that
 * hung must return (the watchdog interrupts it) before the next one starts.
 */
public final class SupervisedSource implements FrameSource {

    /** How to (re)open the real source; called once at start and again after every failure. */
    @FunctionalInterface
    public interface Opener {
        FrameSource open() throws IOException, InterruptedException;
    }

    /**
     * The furthest a source's own number may move ahead in one frame and still be kept: 2^32 frames
     * is 4.5 years at 30 fps, so only a broken or hostile source jumps further. It is renumbered
     * instead, like a source that restarted its count.
     */
    public static final long MAX_JUMP = 1L << 32;
    /**
     * The highest number a source's own is kept up to, 2^53: far from where adding one overflows, and
     * exact as a JavaScript number, for the browsers and JSON that show it.
     */
    public static final long MAX_KEPT_SEQUENCE = 1L << 53;

    private static final System.Logger LOG = System.getLogger(SupervisedSource.class.getName());
    private static final AtomicInteger WORKERS = new AtomicInteger();

    private final String name;
    private final Opener opener;
    private final Supervision policy;
    private final Clock clock;
    private final long placeholderPeriodNanos;
    private final Object monitor = new Object();
    /** The source handed to {@link #watch}, never reopened; null when the opener makes each one. */
    private final FrameSource watched;
    /** The one worker of a watched source; null when every (re)open gets its own. */
    private final ExecutorService sharedWorker;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final AtomicLong reconnects = new AtomicLong();

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

    private SupervisedSource(String name, Opener opener, Supervision policy, SourceInfo expected, Clock clock,
            FrameSource watched) {
        this.name = name;
        this.opener = opener;
        this.watched = watched;
        this.sharedWorker = watched != null ? newWorker() : null;
        this.policy = policy;
        this.clock = clock;
        this.lastInfo = expected;
        this.placeholderPeriodNanos = Math.round(TimeUnit.SECONDS.toNanos(1) / policy.placeholderFps());
        this.backoffNanos = policy.initialBackoff().toNanos();
    }

    /**
     * Opens the source once and supervises it from then on.
     *
     * @param name what logs call it: shown as it is, so never a secret (e.g. {@link SourceSpec#redacted()});
     *     the opener's failures are logged as they are too (open through {@link Sources}, which scrubs them)
     * @param expected size and format of placeholders until the source has said what it delivers
     * @throws SourceUnavailableException when the source can never work as given (and so is not
     *     worth supervising), as are {@link IllegalArgumentException}s and other runtime failures
     *     of the first open; any other failure starts it down, sending placeholders and retrying
     */
    public static SupervisedSource start(String name, Opener opener, Supervision policy, SourceInfo expected)
            throws IOException, InterruptedException {
        SupervisedSource supervised = new SupervisedSource(name, opener, policy, expected, Clock.systemUTC(), null);
        supervised.openFirst();
        return supervised;
    }

    /**
     * Supervises a source that is already open and that this class cannot reopen (e.g. one handed to
     * an embedded server): after a failure its grabs are retried with the same backoff, with NO SIGNAL
     * placeholders meanwhile. Such a source recovers only if it can by itself (a relay reconnecting, a
     * published camera whose publisher comes back); closing the supervisor closes it.
     */
    public static SupervisedSource watch(String name, FrameSource source, Supervision policy) {
        Objects.requireNonNull(source, "source");
        SourceInfo expected = placeholderInfo(source.info(), null);
        SupervisedSource supervised = new SupervisedSource(name, () -> source, policy, expected, Clock.systemUTC(),
                source);
        supervised.comeUp(supervised.sharedWorker, source);
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

    /**
     * How many times the source came back after going down: each outage that ended with frames flowing
     * again, reopened or (a watched source) recovered by itself, however many attempts it took. A source
     * down from the start counts once it first delivers; one that never failed counts 0.
     */
    public long reconnects() {
        return reconnects.get();
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

    /** The next frame, real or NO SIGNAL, within {@link PixelBudget#DEFAULT}. */
    @Override
    public Frame grab() throws IOException, InterruptedException {
        return grab(PixelBudget.DEFAULT);
    }

    /**
     * The next frame, real or NO SIGNAL. A source that says it delivers frames larger than
     * {@code budget} is not even asked for one, and a frame larger than that (a source that
     * misreports its size) is dropped: either way the source counts as failed.
     *
     * @throws IOException only once closed
     */
    public Frame grab(PixelBudget budget) throws IOException, InterruptedException {
        while (true) {
            if (closed) {
                throw new IOException("source " + name + " is closed");
            }
            if (finished) {
                awaitClose();
                continue;
            }
            Session current = session;
            Frame frame = current != null ? grabFrom(current, budget) : whileDown();
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
        if (watched != null) {
            // A watched source is closed with its supervisor, whether it is up or down.
            watched.close();
            sharedWorker.shutdownNow();
            return;
        }
        Session current = session;
        if (current != null) {
            current.closeSource();
        }
        Attempt pending = attempt;
        if (pending != null) {
            pending.abandon();
        }
    }

    private Attempt newAttempt() {
        return new Attempt(opener, sharedWorker != null ? sharedWorker : newWorker());
    }

    private void openFirst() throws IOException, InterruptedException {
        Attempt first = newAttempt();
        try {
            comeUp(first.worker, first.result.get(policy.openTimeout().toNanos(), TimeUnit.NANOSECONDS));
        } catch (ExecutionException e) {
            first.dropWorker();
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

    private Frame grabFrom(Session current, PixelBudget budget) throws InterruptedException {
        long timeout = Math.max(policy.grabTimeout().toNanos(),
                Math.round(3 * TimeUnit.SECONDS.toNanos(1) / current.fps()));
        try {
            SourceInfo claimed = current.source.info();
            if (!budget.allows(claimed.width(), claimed.height())) {
                failed(current, "it delivers " + claimed.width() + "x" + claimed.height()
                        + ", more than the limit of " + budget);
                return null;
            }
            Frame frame = current.grab(timeout);
            if (frame == null) {
                failed(current, "it delivered no frame");
                return null;
            }
            if (!budget.allows(frame.width(), frame.height())) {
                failed(current, "it delivered a frame of " + frame.width() + "x" + frame.height()
                        + ", more than the limit of " + budget);
                return null;
            }
            if (!deliveredSinceOpen) {
                cameBack();
            }
            long own = frame.sequence();
            // The source's own number while it moves forward sanely (a relay keeps its upstream's); a source
            // that restarted its count, or leapt absurdly far, continues from the last number instead, so
            // numbers never go back and never come near overflowing.
            boolean kept = own > sequence && own - sequence <= MAX_JUMP && own <= MAX_KEPT_SEQUENCE;
            sequence = kept ? own : sequence + 1;
            // A stamp still tells the truth only if the number was kept. The picture itself is shared: a
            // frame received as a JPEG stays undecoded.
            return frame.withSequence(sequence, frame.stamped() && kept);
        } catch (EndOfSourceException e) {
            finish(current, e);
        } catch (TimeoutException e) {
            failed(current, "it hung: no frame within " + millis(timeout) + " ms");
        } catch (IOException | RuntimeException | Error e) {
            // An Error too (say an OutOfMemoryError in a source's own code): the source goes down and is
            // restarted like any other failure, rather than ending capture for good.
            if (!closed) {
                failed(current, describe(e));
            }
        }
        return null;
    }

    /**
     * Only frames prove a recovery: a source that opens and fails before its first frame is a failed
     * attempt (logged at DEBUG, backoff growing), not a new outage logged as a warning.
     */
    private void failed(Session current, String reason) {
        if (deliveredSinceOpen || downSinceNanos == 0) {
            goDown(current, reason);
        } else {
            session = null;
            current.close();
            // Counted from now, as for an abandoned open: the grab may have hung, and a grab thread cut off
            // by the watchdog must not be followed at once by another.
            attemptFailed(reason, System.nanoTime());
        }
    }

    private void cameBack() {
        deliveredSinceOpen = true;
        backoffNanos = policy.initialBackoff().toNanos();
        if (downSinceNanos != 0) {
            reconnects.incrementAndGet();
            LOG.log(Level.INFO, "source {0} is back after {1} s and {2} failed attempts: {3}", name,
                    String.format(Locale.ROOT, "%.1f", (System.nanoTime() - downSinceNanos) / 1e9),
                    failedAttempts, describe(lastInfo));
            downSinceNanos = 0;
        }
    }

    /** Tries to reopen when due and returns a placeholder when one is due, else null. */
    private Frame whileDown() throws InterruptedException {
        if (attempt == null && System.nanoTime() - nextAttemptNanos >= 0) {
            attempt = newAttempt();
            attemptDeadlineNanos = System.nanoTime() + policy.openTimeout().toNanos();
        }
        Attempt pending = attempt;
        if (pending != null) {
            long wait = Math.min(nextPlaceholderNanos, attemptDeadlineNanos) - System.nanoTime();
            try {
                comeUp(pending.worker, pending.result.get(Math.max(0, wait), TimeUnit.NANOSECONDS));
                return null;
            } catch (ExecutionException e) {
                pending.dropWorker();
                attemptFailed(describe(e.getCause()), pending.startedNanos);
            } catch (TimeoutException e) {
                if (System.nanoTime() - attemptDeadlineNanos >= 0) {
                    pending.abandon();
                    // Counted from now: a hung open may still hold its thread, and hung ones must not pile up.
                    attemptFailed("it did not open within " + millis(policy.openTimeout().toNanos()) + " ms",
                            System.nanoTime());
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
        return placeholder.frame(++sequence, CaptureClock.nowMicros(clock));
    }

    private void comeUp(ExecutorService worker, FrameSource source) {
        attempt = null;
        Session fresh = new Session(source, worker, watched != null);
        lastInfo = placeholderInfo(source.info(), lastInfo);
        deliveredSinceOpen = false;
        session = fresh;
        if (closed) {
            fresh.closeSource();
        }
    }

    private void goDown(Session failed, String reason) {
        session = null;
        if (failed != null) {
            failed.close();
        }
        long now = System.nanoTime();
        downSinceNanos = now;
        deliveredSinceOpen = false;
        failedAttempts = 0;
        nextAttemptNanos = now + backoffNanos;
        nextPlaceholderNanos = now;
        LOG.log(Level.WARNING, "source {0} is down ({1}); sending NO SIGNAL frames and reopening it, waiting {2} ms"
                + " at first and up to {3} ms between attempts", name, reason, millis(backoffNanos),
                millis(policy.maxBackoff().toNanos()));
    }

    /**
     * The next attempt is due a backoff after {@code countFromNanos}. An opening that failed by itself is
     * counted from its start: one that waited longer than the backoff (a network source listening for its
     * first frame) is followed at once, so such a source listens without pause and resumes as soon as its
     * sender does, however long it was away; one that fails at once waits the growing backoff as before.
     */
    private void attemptFailed(String reason, long countFromNanos) {
        attempt = null;
        failedAttempts++;
        backoffNanos = Math.min(2 * backoffNanos, policy.maxBackoff().toNanos());
        nextAttemptNanos = countFromNanos + backoffNanos;
        LOG.log(Level.DEBUG, "source {0}: reopen attempt {1} failed ({2}); next in {3} ms", name, failedAttempts,
                reason, millis(Math.max(0, nextAttemptNanos - System.nanoTime())));
    }

    private void finish(Session current, EndOfSourceException e) {
        finished = true;
        session = null;
        current.closeSource();
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

    /** What placeholders look like: the source's size, or the usual size while it has not said. */
    private static SourceInfo placeholderInfo(SourceInfo info, SourceInfo last) {
        if (info.width() > 0 && info.height() > 0) {
            return info;
        }
        return last != null ? new SourceInfo(info.description(), last.width(), last.height(), last.fps(), last.format())
                : new SourceInfo(info.description(), SourceOptions.DEFAULT_WIDTH, SourceOptions.DEFAULT_HEIGHT,
                        info.fps(), info.format());
    }

    /** What went wrong; an Error always says which, since "Java heap space" alone does not. */
    private static String describe(Throwable failure) {
        return failure.getMessage() != null && !(failure instanceof Error) ? failure.getMessage() : failure.toString();
    }

    private static String describe(SourceInfo info) {
        return String.format(Locale.ROOT, "%s %dx%d at %.4g fps", info.description(), info.width(),
                info.height(), info.fps());
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "camstream-source-" + WORKERS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One opening of the real source, on the worker thread that will then grab from it. */
    private final class Attempt {
        final ExecutorService worker;
        final CompletableFuture<FrameSource> result = new CompletableFuture<>();
        final long startedNanos = System.nanoTime();

        Attempt(Opener opener, ExecutorService worker) {
            this.worker = worker;
            worker.execute(() -> {
                try {
                    FrameSource source = opener.open();
                    if (!result.complete(source) && worker != sharedWorker) {
                        source.close(); // abandoned while opening
                    }
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        }

        void abandon() {
            if (!result.cancel(false) && worker != sharedWorker) {
                result.thenAccept(FrameSource::close);
            }
            dropWorker();
        }

        void dropWorker() {
            if (worker != sharedWorker) {
                worker.shutdownNow();
            }
        }
    }

    /**
     * An open real source and the worker thread its grabs run on; a watched source is {@code kept}
     * open, with its worker, when it fails.
     */
    private record Session(FrameSource source, ExecutorService worker, boolean kept) {

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

        /** Gives up on this session after a failure. */
        void close() {
            if (!kept) {
                closeSource();
            }
        }

        void closeSource() {
            try {
                source.close();
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "closing a failed source failed too", e);
            } finally {
                if (!kept) {
                    worker.shutdownNow();
                }
            }
        }
    }
}
