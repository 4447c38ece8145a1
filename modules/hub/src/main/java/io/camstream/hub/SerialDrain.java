package io.camstream.hub;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one subscriber's delivery step on an executor, never on two threads at once, and once more for
 * every request that came while it ran, so no wake-up is lost and none queues a task of its own. Every
 * way of watching (gRPC, HTTP) drains its {@link Mailbox} through one: the mailbox's wake-up, the
 * transport's "ready for more" and the client's going away all just {@link #request()} a drain, which is
 * cheap and safe from any thread, the capture thread included.
 */
public final class SerialDrain {

    private static final System.Logger LOG = System.getLogger(SerialDrain.class.getName());

    private final Executor executor;
    private final Runnable step;
    private final Runnable rejected;
    private final AtomicInteger requests = new AtomicInteger();

    /**
     * @param executor where the step runs
     * @param step the delivery step; it should handle its own failures (one that throws is logged and
     *     the drain goes on, so the counter always returns to zero)
     * @param rejected what to do when the executor refuses the drain (it is shutting down, and no drain
     *     will run again): typically close the mailbox to free its slot
     */
    public SerialDrain(Executor executor, Runnable step, Runnable rejected) {
        this.executor = executor;
        this.step = step;
        this.rejected = rejected;
    }

    /** Asks for the step to run (again); returns at once. */
    public void request() {
        if (requests.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                rejected.run();
            }
        }
    }

    /**
     * Asks for the step to run (again), running it on this thread when no drain is running: for callers
     * already on one of the executor's threads (a transport's callbacks, when it runs them there), which
     * would otherwise hand the drain to another thread of the same pool. Returns once done, or at once when
     * a drain running elsewhere will run the step again.
     */
    public void requestHere() {
        if (requests.getAndIncrement() == 0) {
            drain();
        }
    }

    private void drain() {
        int missed = 1;
        do {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                // The step's own handling failed too: if this ended the loop, the counter would never reach
                // zero again, and the subscriber would hang, holding its slot, for good.
                LOG.log(Level.ERROR, "a delivery step failed", e);
            }
            missed = requests.addAndGet(-missed);
        } while (missed != 0);
    }
}
