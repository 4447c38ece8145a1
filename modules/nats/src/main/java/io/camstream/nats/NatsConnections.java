package io.camstream.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The NATS connection camstream makes: the servers to try (the client moves to another when one goes),
 * credentials as NATS offers them (in the URL, {@code nats://TOKEN@host} or {@code nats://USER:PASS@host},
 * or a {@code .creds} file), TLS with {@code tls://} URLs, reconnecting for ever, and no buffer of frames
 * while disconnected (latest wins: the publisher drops them instead).
 */
final class NatsConnections {

    private static final System.Logger LOG = System.getLogger(NatsConnections.class.getName());

    private NatsConnections() {
    }

    /**
     * @param servers {@code nats://HOST:PORT} or {@code tls://HOST:PORT} URLs, at least one
     * @param credentialsFile a NATS {@code .creds} file (JWT and NKey seed), or null
     * @param name how this connection shows in the NATS server's monitoring
     */
    static Options options(List<String> servers, Path credentialsFile, String name) {
        return builder(servers, credentialsFile, name).build();
    }

    /** {@link #options}, still open for more. */
    static Options.Builder builder(List<String> servers, Path credentialsFile, String name) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("--nats needs at least one server URL, e.g. nats://127.0.0.1:4222");
        }
        Options.Builder options = new Options.Builder().servers(servers.toArray(String[]::new))
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(2))
                .reconnectBufferSize(0)
                .noEcho()
                .connectionListener(NatsConnections::changed)
                .errorListener(QUIET_ABOUT_RETRIES);
        if (credentialsFile != null) {
            options.authHandler(Nats.credentials(credentialsFile.toString()));
        }
        return options;
    }

    /**
     * How a connection shows in the NATS servers' monitoring ({@code /connz}): its role, host and process, so that
     * an operator (or a test) can tell edges apart, e.g. {@code camstream edge on pod-7f9c (pid 1)}.
     */
    static String name(String role) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return "camstream " + role + " on " + host + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /** Losing and finding a server is worth a line each; the client's own logging is per failed attempt. */
    private static void changed(Connection connection, ConnectionListener.Events event) {
        String name = connection.getOptions().getConnectionName();
        switch (event) {
            case DISCONNECTED -> LOG.log(Level.WARNING, "{0}: lost its NATS server; reconnecting to any of {1}", name,
                    connection.getServers());
            case RECONNECTED -> LOG.log(Level.INFO, "{0}: reconnected to NATS at {1}", name,
                    connection.getConnectedUrl());
            default -> LOG.log(Level.DEBUG, "{0}: NATS {1}", name, event);
        }
    }

    /**
     * jnats' default listener logs every refused reconnect attempt (four a second here) and every slow consumer
     * (an edge behind, which drops frames by design) as SEVERE; those are DEBUG, the server's errors stay loud.
     */
    private static final ErrorListener QUIET_ABOUT_RETRIES = new ErrorListener() {
        @Override
        public void errorOccurred(Connection connection, String error) {
            LOG.log(Level.WARNING, "{0}: the NATS server says: {1}", connection.getOptions().getConnectionName(),
                    error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            LOG.log(Level.DEBUG, "{0}: {1}", connection.getOptions().getConnectionName(), exception.toString());
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            LOG.log(Level.DEBUG, "{0}: behind, NATS drops frames for it", connection.getOptions().getConnectionName());
        }
    };
}
