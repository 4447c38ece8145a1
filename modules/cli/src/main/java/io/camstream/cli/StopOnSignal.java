package io.camstream.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a command that runs until stopped end on Ctrl-C or SIGTERM as if it had been told to stop: it
 * finishes its own way (a report, say) and exits with the status it chose. A signal starts the JVM's
 * shutdown, which would otherwise end the command mid-way with 130 or 143; the shutdown hook here
 * asks the command to stop, waits for its status, and ends the JVM with it ({@code System.exit} is
 * no longer possible once shutdown has begun, so it halts, after the command flushed its output).
 */
final class StopOnSignal implements AutoCloseable {

    /** What a command that never reports exits with. */
    private static final int NOT_FINISHED = 1;

    private final Thread hook;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile int status = NOT_FINISHED;
    private volatile boolean signalled;

    private StopOnSignal(Runnable stop, Duration grace) {
        this.hook = new Thread(() -> {
            signalled = true;
            stop.run();
            try {
                finished.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(status);
        }, "camstream-stop-on-signal");
    }

    /**
     * From now until {@link #close}, a signal runs {@code stop} and then waits up to {@code grace} for
     * {@link #finished}.
     *
     * @param stop makes the command wind down; called on the shutdown thread, so it must return promptly
     */
    static StopOnSignal install(Runnable stop, Duration grace) {
        StopOnSignal handler = new StopOnSignal(stop, grace);
        Runtime.getRuntime().addShutdownHook(handler.hook);
        return handler;
    }

    /** Whether a signal stopped the command (rather than its own end). */
    boolean signalled() {
        return signalled;
    }

    /** The command is done, its output flushed: a signal's shutdown may end the JVM with this status. */
    void finished(int exitStatus) {
        status = exitStatus;
        finished.countDown();
    }

    /** Back to the JVM's default once the command is done; during a signal's shutdown the hook stays and exits. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Shutting down already: the hook is running and ends the JVM with the status given.
        }
    }
}
