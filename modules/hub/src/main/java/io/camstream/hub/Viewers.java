package io.camstream.hub;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * One camera's viewers and deliveries, counted per protocol. Counting is adding to {@link LongAdder}s:
 * no lock, nothing that waits, on any thread.
 */
final class Viewers {

    /** A protocol's name doubles as a metrics label value, so it is kept short and plain. */
    private static final Pattern PROTOCOL = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final ConcurrentMap<String, Protocol> protocols = new ConcurrentHashMap<>();

    /**
     * The counters of that protocol, made on first use and kept.
     *
     * @throws IllegalArgumentException for a name that is not 1-32 lower-case letters, digits or '_',
     *     starting with a letter
     */
    Protocol protocol(String name) {
        if (!PROTOCOL.matcher(name).matches()) {
            throw new IllegalArgumentException("a protocol is 1-32 lower-case letters, digits or '_', starting "
                    + "with a letter (e.g. grpc, http), got '" + name + "'");
        }
        return protocols.computeIfAbsent(name, Protocol::new);
    }

    List<CameraStats.ProtocolStats> stats() {
        return protocols.values().stream().map(Protocol::stats)
                .sorted(Comparator.comparing(CameraStats.ProtocolStats::protocol)).toList();
    }

    /** One protocol's viewers of the camera, and what its mailboxes were told was sent. */
    static final class Protocol {
        private final String name;
        private final AtomicInteger viewers = new AtomicInteger();
        private final LongAdder frames = new LongAdder();
        private final LongAdder bytes = new LongAdder();
        private final LongAdder skipped = new LongAdder();
        private final LongAdder adapted = new LongAdder();

        private Protocol(String name) {
            this.name = name;
        }

        void joined() {
            viewers.incrementAndGet();
        }

        void left() {
            viewers.decrementAndGet();
        }

        void sent(long frameBytes, long framesSkipped, boolean frameAdapted) {
            frames.increment();
            bytes.add(frameBytes);
            if (framesSkipped > 0) {
                skipped.add(framesSkipped);
            }
            if (frameAdapted) {
                adapted.increment();
            }
        }

        CameraStats.ProtocolStats stats() {
            return new CameraStats.ProtocolStats(name, viewers.get(), frames.sum(), bytes.sum(), skipped.sum(),
                    adapted.sum());
        }
    }
}
