package io.camstream.testkit;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * How many bytes threads have allocated on the heap, from the JVM's own per-thread counters: unlike
 * heap usage, a large allocation shows even when the collector has freed it again by the time we look.
 */
public final class Allocations {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {
    }

    /** Bytes allocated so far by every live thread (what threads that ended allocated no longer counts). */
    public static long byLiveThreads() {
        return Arrays.stream(THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds()))
                .filter(bytes -> bytes > 0).sum();
    }
}
