package io.camstream.server;

import io.grpc.netty.shaded.io.netty.handler.codec.http2.Http2Exception;
import java.lang.System.Logger.Level;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Quiets what gRPC's Netty transport logs, with a stack trace, for each client that misbehaves or
 * goes away: those become a count, one line a minute per kind, and every other record stays.
 *
 * <ul>
 * <li>When a client's connection drops (killed, reset, unplugged) while its streams are open,
 *     {@code NettyServerHandler} logs WARNING "Stream Error" with a 26-line stack trace for each open
 *     stream ({@code StreamException: Stream closed before write could take place}). An HTTP/2 stream
 *     error is about one stream and caused by the peer; gRPC has already cancelled that stream.</li>
 * <li>When a client breaks HTTP/2 itself (speaks HTTP/1.1 or garbage, sends frames for streams it may
 *     not open) or fails TLS, {@code NettyServerTransport} logs INFO "Transport failed" with a 35-line
 *     stack trace: an {@link Http2Exception} or an {@link SSLException} there is the peer's doing, and
 *     gRPC has already closed the connection.</li>
 * </ul>
 *
 * <p>Filters rather than levels, because the same loggers also report gRPC's own failures, which must
 * still be seen. The JDK's logging is JVM-wide: the filters are installed once, and a filter already on
 * those loggers keeps deciding about every other record.
 */
final class TransportLogs {

    /** gRPC's classes are package-private; their loggers are named after them. A test proves these still match. */
    static final String NETTY_SERVER_HANDLER = "io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler";
    static final String NETTY_SERVER_TRANSPORT = "io.grpc.netty.shaded.io.grpc.netty.NettyServerTransport.connections";

    private static final System.Logger LOG = System.getLogger(TransportLogs.class.getName());
    private static final ThrottledLog STREAM_ERRORS = new ThrottledLog(LOG, Level.INFO,
            "HTTP/2 streams ended by clients that went away or misbehaved");
    private static final ThrottledLog CONNECTION_ERRORS = new ThrottledLog(LOG, Level.INFO,
            "connections closed for breaking HTTP/2 or TLS");
    /** Held here: the JDK keeps loggers only weakly, and a collected logger forgets its filter. */
    private static final Logger HANDLER_LOGGER = Logger.getLogger(NETTY_SERVER_HANDLER);
    private static final Logger TRANSPORT_LOGGER = Logger.getLogger(NETTY_SERVER_TRANSPORT);

    private TransportLogs() {
    }

    /** Installs the filters, once per JVM. */
    static synchronized void quietClientMistakes() {
        if (!(HANDLER_LOGGER.getFilter() instanceof Counted)) {
            HANDLER_LOGGER.setFilter(new Counted("Stream Error", STREAM_ERRORS, HANDLER_LOGGER.getFilter()));
        }
        if (!(TRANSPORT_LOGGER.getFilter() instanceof Counted)) {
            TRANSPORT_LOGGER.setFilter(new Counted("Transport failed", CONNECTION_ERRORS,
                    TRANSPORT_LOGGER.getFilter()));
        }
    }

    /** Whether a failure came from the peer breaking the protocol, not from the server. */
    private static boolean peersFault(String message, Throwable thrown) {
        if (message.equals("Stream Error")) {
            return thrown instanceof Http2Exception.StreamException;
        }
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            if (cause instanceof Http2Exception || cause instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    /** Counts the records with this message that are the peer's fault; asks {@code next} about the rest. */
    private record Counted(String message, ThrottledLog count, Filter next) implements Filter {
        @Override
        public boolean isLoggable(LogRecord logRecord) {
            if (message.equals(logRecord.getMessage()) && peersFault(message, logRecord.getThrown())) {
                // Netty's message may quote the client's bytes (a hex dump of a bad preface).
                count.record(ClientText.echo(String.valueOf(logRecord.getThrown().getMessage())));
                return false;
            }
            return next == null || next.isLoggable(logRecord);
        }
    }
}
