package io.camstream.encode.opencv;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that encode strips, shared by every strips encoder in the JVM: one per core, since
 * each strip keeps a core busy, and daemons, so that an idle pool never keeps the JVM alive. Tasks
 * never wait on the pool themselves, so encoders sharing it cannot deadlock; they only queue.
 */
final class StripPool {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Runtime.getRuntime().availableProcessors(), task -> {
                Thread thread = new Thread(task, "opencv-strips-" + THREADS.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });

    private StripPool() {
    }

    /**
     * Queues a strip. The caller may {@link FutureTask#run() run} it itself later if no pool thread has
     * taken it yet (a FutureTask runs once): when the pool is busy with other encoders' strips, or the
     * machine with other work, the frame then costs one pass, instead of waiting in the queue.
     */
    static <T> FutureTask<T> start(Callable<T> strip) {
        FutureTask<T> task = new FutureTask<>(strip);
        POOL.execute(task);
        return task;
    }

    /** Waits for a strip; an interrupt is kept for the caller, after the strip is done. */
    static <T> T await(Future<T> strip) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return strip.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the strip writes into the caller's Mats: it must finish first
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
