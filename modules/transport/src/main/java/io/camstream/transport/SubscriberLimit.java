package io.camstream.transport;

import java.util.concurrent.atomic.AtomicInteger;

/** The server-wide cap on concurrent streams (v1 subscribers and legacy calls together). */
final class SubscriberLimit {

    private final int max;
    private final AtomicInteger active = new AtomicInteger();

    /** @param max the most streams at once; 0 for no limit */
    SubscriberLimit(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("max subscribers must not be negative, got " + max);
        }
        this.max = max;
    }

    /** Takes a slot; false when the server is full. */
    boolean tryAcquire() {
        while (true) {
            int current = active.get();
            if (max > 0 && current >= max) {
                return false;
            }
            if (active.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        active.decrementAndGet();
    }

    int max() {
        return max;
    }

    int active() {
        return active.get();
    }
}
