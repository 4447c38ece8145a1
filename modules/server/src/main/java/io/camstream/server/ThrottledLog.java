package io.camstream.server;

import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * One kind of event (a client's mistake, a refusal past a limit) logged as one line per interval
 * with a count, instead of one line (or a stack trace) per event: whoever can cause the event can
 * otherwise choose how much the server writes to its logs. The first event is logged at once; the
 * next line, at least an interval later, says how many happened in between.
 */
final class ThrottledLog {

    private static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final System.Logger log;
    private final Level level;
    private final String event;
    private final long intervalNanos;
    private long lastLogged;
    private long unlogged;
    private boolean any;

    ThrottledLog(System.Logger log, Level level, String event) {
        this(log, level, event, DEFAULT_INTERVAL);
    }

    ThrottledLog(System.Logger log, Level level, String event, Duration interval) {
        this.log = log;
        this.level = level;
        this.event = event;
        this.intervalNanos = interval.toNanos();
    }

    /** Counts one event; {@code example} (no client text that is not {@link ClientText#echo cut}) describes it. */
    void record(String example) {
        String line;
        synchronized (this) {
            long now = System.nanoTime();
            if (any && now - lastLogged < intervalNanos) {
                unlogged++;
                return;
            }
            line = event + ": " + example + (unlogged == 0 ? ""
                    : " (and " + unlogged + " more since the previous such line)");
            any = true;
            lastLogged = now;
            unlogged = 0;
        }
        log.log(level, line);
    }
}
