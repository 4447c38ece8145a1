package io.camstream.server;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Measures what the JDK's logging (where gRPC, Netty and camstream log) writes while it is open: the
 * bytes the default console format would print, and the records themselves.
 */
final class LogVolume extends Handler implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final SimpleFormatter format = new SimpleFormatter();
    private final List<LogRecord> records = new ArrayList<>();
    private long bytes;

    private LogVolume() {
    }

    /** Starts counting everything published at the root logger's levels. */
    static LogVolume start() {
        LogVolume volume = new LogVolume();
        volume.root.addHandler(volume);
        return volume;
    }

    @Override
    public synchronized void publish(LogRecord logRecord) {
        records.add(logRecord);
        bytes += format.format(logRecord).length();
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Every record as one line each, for a failure message. */
    synchronized String describe() {
        StringBuilder text = new StringBuilder();
        records.forEach(r -> text.append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ")
                .append(r.getMessage()).append(r.getThrown() == null ? "" : " [" + r.getThrown() + "]").append('\n'));
        return text.toString();
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
