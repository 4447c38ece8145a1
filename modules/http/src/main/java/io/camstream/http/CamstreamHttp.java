package io.camstream.http;

import io.camstream.hub.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * camstream over HTTP: a hub's cameras as MJPEG streams and snapshots (also at mjpg-streamer's and
 * µStreamer's addresses), their state as JSON, a live page, health and readiness probes, and metrics
 * if given a page for them.
 *
 * <pre>{@code
 * try (CamstreamHttp http = CamstreamHttp.builder(hub).port(8080).start()) {
 *     // http://localhost:8080/ shows every camera; /stream?camera=front plays in any browser or ffmpeg
 * }
 * }</pre>
 *
 * <p>Each stream has one write in flight and takes the newest frame when it completes, so a slow or
 * stalled client skips frames, holds at most one, and never slows the camera or the other viewers.
 */
public final class CamstreamHttp implements AutoCloseable {

    private final Server server;
    private final ServerConnector connector;
    private final ExecutorService delivery;

    private CamstreamHttp(Server server, ServerConnector connector, ExecutorService delivery) {
        this.server = server;
        this.connector = connector;
        this.delivery = delivery;
    }

    /** A server for this hub's cameras; the hub is started and closed by its owner, not by this server. */
    public static Builder builder(Hub hub) {
        return new Builder(hub);
    }

    /** The port listened on (the one chosen, for port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** camstream's version, as the module (or jar) says; "dev" when running from classes. */
    public static String version() {
        var descriptor = CamstreamHttp.class.getModule().getDescriptor();
        if (descriptor != null && descriptor.rawVersion().isPresent()) {
            return descriptor.rawVersion().get();
        }
        String fromJar = CamstreamHttp.class.getPackage().getImplementationVersion();
        return fromJar != null ? fromJar : "dev";
    }

    /** Stops listening and ends every stream (their mailboxes are freed); later calls do nothing. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop the HTTP server: " + e.getMessage(), e);
        } finally {
            delivery.shutdownNow();
        }
    }

    /** Configures an HTTP server. */
    public static final class Builder {
        private static final int MAX_JETTY_THREADS = 32;
        /** Larger request headers get 431: no browser or player needs more. */
        private static final int MAX_REQUEST_HEADER_BYTES = 8 * 1024;
        /**
         * The kernel's send buffer per connection. Unbounded (auto-tuned to megabytes), a client that
         * stalls and resumes would first drain dozens of stale frames from it; bounded, a few at most.
         */
        private static final int SEND_BUFFER_BYTES = 64 * 1024;

        private final Hub hub;
        private String address = "127.0.0.1";
        private int port = 8080;
        private Duration idleTimeout = Duration.ofSeconds(120);
        private SSLContext tls;
        private boolean needClientCertificate;
        private HttpAccess access = HttpAccess.OPEN;
        private MetricsPage metrics;

        private Builder(Hub hub) {
            this.hub = Objects.requireNonNull(hub, "hub");
        }

        /** The address to listen on; default 127.0.0.1 (this machine only), "0.0.0.0" for every interface. */
        public Builder bind(String address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The port; default 8080, 0 for any free one (see {@link CamstreamHttp#port()}). */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("a port is 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * How long a connection may make no progress before it is closed; default 120 s. A stream whose
         * client stopped reading counts as making none, so this is how long a stalled viewer is kept.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the idle timeout must be positive, got " + timeout);
            }
            this.idleTimeout = timeout;
            return this;
        }

        /**
         * Serves HTTPS with this context (whose key managers may be reloadable, as the gRPC side's are),
         * requiring a client certificate when {@code needClientCertificate}.
         */
        public Builder tls(SSLContext context, boolean needClientCertificate) {
            this.tls = Objects.requireNonNull(context, "context");
            this.needClientCertificate = needClientCertificate;
            return this;
        }

        /** Who may watch what; default {@link HttpAccess#OPEN}. */
        public Builder access(HttpAccess access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /** The page served at /metrics; without one, /metrics is 404. */
        public Builder metrics(MetricsPage page) {
            this.metrics = Objects.requireNonNull(page, "page");
            return this;
        }

        /**
         * Listens and serves.
         *
         * @throws IOException when the address cannot be listened on (in use, not this machine's)
         */
        public CamstreamHttp start() throws IOException {
            // Jetty's threads only accept, parse and answer: streams never hold one (their writes are
            // asynchronous, their frames prepared on the delivery threads). Its default cap of 200 let a burst
            // of 200 connections grow the pool to ~170 threads, idle a minute after (measured).
            QueuedThreadPool threads = new QueuedThreadPool(MAX_JETTY_THREADS);
            threads.setName("camstream-http");
            Server server = new Server(threads);
            HttpConfiguration config = new HttpConfiguration();
            config.setRequestHeaderSize(MAX_REQUEST_HEADER_BYTES);
            config.setSendServerVersion(false);
            ServerConnector connector;
            if (tls != null) {
                SecureRequestCustomizer secure = new SecureRequestCustomizer();
                // The context's key managers choose the certificate; Jetty's own SNI matching does not apply.
                secure.setSniHostCheck(false);
                config.addCustomizer(secure);
                SslContextFactory.Server ssl = new SslContextFactory.Server();
                ssl.setSslContext(tls);
                ssl.setNeedClientAuth(needClientCertificate);
                connector = new ServerConnector(server, ssl, new HttpConnectionFactory(config));
            } else {
                connector = new ServerConnector(server, new HttpConnectionFactory(config));
            }
            connector.setHost(address);
            connector.setPort(port);
            connector.setIdleTimeout(idleTimeout.toMillis());
            connector.setAcceptedSendBufferSize(SEND_BUFFER_BYTES);
            server.addConnector(connector);
            Viewers viewers = new Viewers();
            ExecutorService delivery = deliveryThreads();
            server.setHandler(new Routes(hub, access, metrics, viewers, new StateJson(hub, version()), page(),
                    delivery));
            access.onChange(() -> viewers.recheck(access));
            try {
                server.start();
            } catch (IOException e) {
                stopQuietly(server, delivery);
                throw e;
            } catch (Exception e) {
                stopQuietly(server, delivery);
                throw new IOException("could not start the HTTP server on " + address + ":" + port + ": " + e, e);
            }
            return new CamstreamHttp(server, connector, delivery);
        }

        /**
         * Where streams take, encode and send their frames, and late snapshots are answered: a few threads,
         * as the gRPC side has. On Jetty's own pool, every viewer's drain would hold a thread while it waits
         * for the frame's one shared encode, and 200 viewers grew the pool to its 200 threads (measured).
         */
        private static ExecutorService deliveryThreads() {
            AtomicInteger count = new AtomicInteger();
            return Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), task -> {
                Thread thread = new Thread(task, "camstream-http-delivery-" + count.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
        }

        private static byte[] page() {
            try (InputStream in = CamstreamHttp.class.getResourceAsStream("index.html")) {
                if (in == null) {
                    throw new IllegalStateException("index.html is missing from io.camstream.http");
                }
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void stopQuietly(Server server, ExecutorService delivery) {
            try {
                server.stop();
            } catch (Exception e) {
                // Starting failed already; that failure is the one to report.
            }
            delivery.shutdownNow();
        }
    }
}
