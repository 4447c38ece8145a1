package io.camstream.hub;

import java.util.concurrent.atomic.AtomicInteger;

/** The hub-wide cap on concurrent subscribers, however they watch (every adapter shares it). */
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

    /**
     * Takes a slot.
     *
     * @throws HubException FULL when every slot is taken
     */
    void acquire() {
        while (true) {
            int current = active.get();
            if (max > 0 && current >= max) {
                throw new HubException(HubException.Reason.FULL, "this server already has its maximum of " + max
                        + " subscribers; try again later, or start it with a higher --max-subscribers");
            }
            if (active.compareAndSet(current, current + 1)) {
                return;
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
