package io.camstream.hub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/** A subscriber for hub tests: wakes on the mailbox's signal and records every frame it takes. */
final class Watcher {

    private final Semaphore signals = new Semaphore(0);
    private final List<CapturedFrame> taken = new ArrayList<>();
    final Mailbox mailbox;

    /** A wait, not a viewer: what a snapshot waiting for the first frame subscribes as. */
    Watcher(Camera camera) {
        this.mailbox = camera.subscribe(signals::release);
    }

    /** A viewer watching by that protocol in that variant. */
    Watcher(Camera camera, String protocol, Variant variant) {
        this.mailbox = camera.subscribe(protocol, variant, signals::release);
    }

    /** Takes frames as they come until one matches, failing after {@code timeout}. */
    CapturedFrame takeUntil(Predicate<CapturedFrame> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CapturedFrame frame = mailbox.poll();
            if (frame != null) {
                taken.add(frame);
                if (wanted.test(frame)) {
                    return frame;
                }
                continue;
            }
            if (mailbox.end() != null) {
                throw new AssertionError("the mailbox ended: " + mailbox.end().getMessage());
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no wanted frame within " + timeout + "; took " + taken.size());
            }
            signals.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Takes and encodes frames as a server's subscriber would, on the calling thread, until
     * {@code watching} turns false.
     */
    void encodeWhile(AtomicBoolean watching, Variant variant) {
        while (watching.get()) {
            CapturedFrame frame = mailbox.poll();
            if (frame == null) {
                try {
                    signals.tryAcquire(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            mailbox.camera().encode(frame, variant, Integer.MAX_VALUE);
            taken.add(frame);
        }
    }

    /** For a watcher that never takes: waits until the camera has offered it {@code count} frames. */
    void awaitOffers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (signals.availablePermits() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + signals.availablePermits() + " of " + count + " frames offered");
            }
            Thread.sleep(5);
        }
    }

    /** Waits until the mailbox has ended. */
    HubException awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (mailbox.end() == null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the mailbox did not end within " + timeout);
            }
            signals.tryAcquire(left, TimeUnit.NANOSECONDS);
        }
        return mailbox.end();
    }

    List<CapturedFrame> taken() {
        return taken;
    }

    /** R for a real frame, P for a NO SIGNAL placeholder, in the order taken. */
    String runs() {
        StringBuilder runs = new StringBuilder();
        taken.forEach(frame -> runs.append(frame.frame().placeholder() ? 'P' : 'R'));
        return runs.toString();
    }
}
