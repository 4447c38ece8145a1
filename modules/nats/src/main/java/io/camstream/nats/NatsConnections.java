package io.camstream.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

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
    static Options options(List<String> servers, Path credentialsFile, Path trustedCa, String name,
            Problems problems) throws IOException {
        return builder(servers, credentialsFile, trustedCa, name, problems).build();
    }

    /**
     * {@link #options}, still open for more.
     *
     * @param trustedCa a PEM file of the CA certificates to trust for {@code tls://} instead of the JVM's, or null
     * @param problems where the connection's failures go (and the last is kept)
     * @throws IOException when the CA file cannot be read or holds no certificate
     */
    static Options.Builder builder(List<String> servers, Path credentialsFile, Path trustedCa, String name,
            Problems problems) throws IOException {
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
                .connectionListener(new Changes())
                .errorListener(problems);
        if (credentialsFile != null) {
            options.authHandler(Nats.credentials(credentialsFile.toString()));
        }
        if (trustedCa != null) {
            if (!servers.stream().allMatch(server -> server.startsWith("tls://"))) {
                throw new IllegalArgumentException("a CA to trust is for TLS: use tls:// URLs, got "
                        + String.join(",", servers.stream().map(NatsConnections::shown).toList()));
            }
            options.sslContext(trusting(trustedCa));
        }
        return options;
    }

    /** A TLS context that trusts the certificates in {@code caPem} and nothing else. */
    private static SSLContext trusting(Path caPem) throws IOException {
        try (InputStream pem = Files.newInputStream(caPem)) {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int index = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
                trusted.setCertificateEntry("ca-" + index++, certificate);
            }
            if (index == 0) {
                throw new IOException("no certificate in " + caPem + " (expected PEM, BEGIN CERTIFICATE)");
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use the CA certificates in " + caPem + ": " + e.getMessage(), e);
        }
    }

    /** A server URL without the credentials it may carry. */
    static String shown(String server) {
        return server.replaceAll("//[^@/]*@", "//");
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

    /**
     * Losing and finding a server is worth a line each, once the connection has been up: an attempt that never
     * connected is the caller's to report.
     */
    private static final class Changes implements ConnectionListener {
        private volatile boolean wasUp;

        @Override
        public void connectionEvent(Connection connection, Events event) {
            String name = connection.getOptions().getConnectionName();
            switch (event) {
                case CONNECTED -> wasUp = true;
                case DISCONNECTED -> LOG.log(wasUp ? Level.WARNING : Level.DEBUG,
                        "{0}: lost its NATS server; reconnecting to any of {1}", name, connection.getServers());
                case RECONNECTED -> LOG.log(Level.INFO, "{0}: reconnected to NATS at {1}", name,
                        connection.getConnectedUrl());
                default -> LOG.log(Level.DEBUG, "{0}: NATS {1}", name, event);
            }
        }
    }

    /**
     * jnats' default listener logs every refused reconnect attempt (four a second here) and every slow consumer
     * (an edge behind, which drops frames by design) as SEVERE; those are DEBUG, the server's errors stay loud.
     * The last failure is kept: jnats' own "Unable to connect" says nothing of why (a certificate, a refusal).
     */
    static final class Problems implements ErrorListener {
        private volatile String serverError;
        private volatile String exception;

        /**
         * Why connecting failed: what a server said (e.g. Authorization Violation) over what jnats met (e.g. a
         * certificate it cannot trust), or null.
         */
        String last() {
            return serverError != null ? serverError : exception;
        }

        @Override
        public void errorOccurred(Connection connection, String error) {
            serverError = "the NATS server says: " + error;
            LOG.log(Level.WARNING, "{0}: the NATS server says: {1}", connection.getOptions().getConnectionName(),
                    error);
        }

        @Override
        public void exceptionOccurred(Connection connection, Exception exception) {
            this.exception = exception.getMessage() != null ? exception.getMessage() : exception.toString();
            LOG.log(Level.DEBUG, "{0}: {1}", connection.getOptions().getConnectionName(), exception.toString());
        }

        @Override
        public void slowConsumerDetected(Connection connection, Consumer consumer) {
            LOG.log(Level.DEBUG, "{0}: behind, NATS drops frames for it", connection.getOptions().getConnectionName());
        }
    }
}
