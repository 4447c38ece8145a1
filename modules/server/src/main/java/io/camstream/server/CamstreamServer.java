package io.camstream.server;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.Supervision;
import io.camstream.client.MessageLimits;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.hub.Camera;
import io.camstream.hub.EncodeObserver;
import io.camstream.hub.Hub;
import io.camstream.server.auth.AuthFile;
import io.camstream.server.auth.Caller;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;

/**
 * A running camstream server: a {@link Hub} of one or more cameras, each captured once and always
 * supervised, served to any number of clients over the {@code camstream.v1} API and the original
 * sample's {@code MainServer} service (which shows the first camera), with standard gRPC health
 * checking and server reflection.
 *
 * <pre>{@code
 * try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(640, 480, 30)).port(50051).start()) {
 *     server.awaitTermination();
 * }
 * }</pre>
 */
public final class CamstreamServer implements AutoCloseable {

    /** The port the original sample listens on. */
    public static final int DEFAULT_PORT = 50051;
    /** The camera name used when a server is built from a single source. */
    public static final String DEFAULT_CAMERA = "default";
    /** The gRPC health service name for the whole server, one camera's being this plus "/" and its name. */
    public static final String HEALTH_SERVICE = "camstream.v1.Camstream";

    private final Hub hub;
    private final Server server;
    private final ExecutorService deliveryExecutor;
    private final ScheduledExecutorService housekeeping;
    private final HealthStatusManager health;
    private final ServerSecurity security;
    private final NettyTransport tcp;
    private final AtomicBoolean closed = new AtomicBoolean();

    private CamstreamServer(Hub hub, Server server, ExecutorService deliveryExecutor,
            ScheduledExecutorService housekeeping, HealthStatusManager health, ServerSecurity security,
            NettyTransport tcp) {
        this.hub = hub;
        this.server = server;
        this.deliveryExecutor = deliveryExecutor;
        this.housekeeping = housekeeping;
        this.health = health;
        this.security = security;
        this.tcp = tcp;
    }

    /**
     * A server with no camera yet; add at least one with {@link Builder#camera} or
     * {@link Builder#publishedCamera}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A server with one camera, named {@value #DEFAULT_CAMERA}. */
    public static Builder builder(FrameSource source) {
        return new Builder().camera(DEFAULT_CAMERA, source);
    }

    /** camstream's version, from the jar or module that holds this class ("dev" when run from classes). */
    public static String version() {
        var descriptor = CamstreamServer.class.getModule().getDescriptor();
        if (descriptor != null && descriptor.rawVersion().isPresent()) {
            return descriptor.rawVersion().get();
        }
        String fromJar = CamstreamServer.class.getPackage().getImplementationVersion();
        return fromJar != null ? fromJar : "dev";
    }

    /** The port actually bound (useful with port 0), or -1 for a transport without ports. */
    public int port() {
        return server.getPort();
    }

    /** The encoder plugin clients get when they name none. */
    public String defaultEncoder() {
        return hub.defaultVariant().encoder();
    }

    public EncoderOptions defaultOptions() {
        return hub.defaultVariant().options();
    }

    /** What each camera's source delivers, by camera name, in configuration order. */
    public Map<String, SourceInfo> cameras() {
        Map<String, SourceInfo> result = new LinkedHashMap<>();
        hub.cameras().forEach(camera -> result.put(camera.name(), camera.info()));
        return result;
    }

    /** The first camera's source info (the one legacy clients see). */
    public SourceInfo sourceInfo() {
        return hub.defaultCamera().info();
    }

    /** The cameras this server serves, for anything else that wants to watch them in-process. */
    public Hub hub() {
        return hub;
    }

    /** Whether connections are encrypted (TLS). */
    public boolean tls() {
        return security.tls() != null;
    }

    /** Whether clients must show a certificate from the client CA (mutual TLS). */
    public boolean mutualTls() {
        return security.mutualTls();
    }

    /** Whether callers must show a token or a known client certificate (an auth file is in force). */
    public boolean authRequired() {
        return security.access().enabled();
    }

    /**
     * The caller a bearer token identifies under the auth file in force now, for another face of the
     * same server (HTTP) to admit the same callers: {@link Caller#ANYONE} when there is no auth file,
     * empty for a token the file does not have.
     */
    public Optional<Caller> callerByToken(String token) {
        return security.access().byToken(token);
    }

    /** Runs {@code listener} each time a changed auth file comes into force, after gRPC streams were rechecked. */
    public void onAccessChange(Runnable listener) {
        security.access().onUpdate(listener);
    }

    /**
     * The server's TLS for another listener of the same process (the HTTP face): the same certificate
     * and, with mutual TLS, the same client CA, both re-read when their files change. Empty without TLS.
     */
    public Optional<SSLContext> tlsContext() {
        return Optional.ofNullable(security.tls()).map(ServerTls::sslContext);
    }

    /**
     * What protects this server, one line each: encryption, who is admitted, the original sample's
     * protocol. For the start-up log; names files, never their contents.
     */
    public List<String> securitySummary() {
        return security.summary();
    }

    /** Blocks until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Stops capture, ends every stream with {@code UNAVAILABLE} "camstream server is shutting down"
     * (so clients know to reconnect later rather than treat it as an error of theirs), and stops
     * the server within about 2 seconds. Later calls do nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        health.enterTerminalState();
        housekeeping.shutdownNow();
        security.close();
        hub.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(800, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(400, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            deliveryExecutor.shutdownNow();
            if (tcp != null) {
                tcp.close();
            }
        }
    }

    /**
     * Each camera is SERVING while it delivers real frames. The server as a whole is SERVING while every
     * camera is either live or a published camera waiting for its publisher: that idle state is normal,
     * and a load balancer must not take a hub out of service because an edge device has not dialled in.
     */
    private void updateHealth() {
        boolean allLive = true;
        for (Camera camera : hub.cameras()) {
            boolean live = camera.isLive();
            allLive &= live || camera.awaitsPublisher();
            health.setStatus(HEALTH_SERVICE + "/" + camera.name(), status(live));
        }
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status(allLive));
        health.setStatus(HEALTH_SERVICE, status(allLive));
        health.setStatus(io.camstream.protocol.legacy.MainServerGrpc.SERVICE_NAME,
                status(hub.defaultCamera().isLive()));
    }

    private static io.grpc.health.v1.HealthCheckResponse.ServingStatus status(boolean live) {
        return live ? io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING
                : io.grpc.health.v1.HealthCheckResponse.ServingStatus.NOT_SERVING;
    }

    /** Configures and starts a server. */
    public static final class Builder {
        private final Hub.Builder hub = Hub.builder();
        private String bindAddress = "127.0.0.1";
        private int port = DEFAULT_PORT;
        private Duration keepAlive = Duration.ofSeconds(30);
        private ServerBuilder<?> serverBuilder;
        private Path certificateFile;
        private Path keyFile;
        private Path clientCaFile;
        private Path authFile;
        private boolean legacyOpen;
        private LegacyPayload legacyPayload = LegacyPayload.BASE64;
        private Duration reloadInterval = Duration.ofSeconds(2);
        private BiConsumer<String, String> callObserver;
        private final ServerLimits limits = new ServerLimits();

        private Builder() {
        }

        /**
         * Adds a camera. The first camera added is the default: subscribers that name none, and
         * legacy clients, watch it. A source that is not a {@link io.camstream.capture.SupervisedSource}
         * already is supervised (see {@link #supervision}), so it gives NO SIGNAL frames while down.
         *
         * @throws IllegalArgumentException for a name that is not 1-64 letters, digits, '.', '_' or '-',
         *     or a duplicate
         */
        public Builder camera(String name, FrameSource source) {
            hub.camera(name, source);
            return this;
        }

        /** Adds a camera whose frames come from {@code Publish} calls (an edge device pushing to this hub). */
        public Builder publishedCamera(String name) {
            hub.publishedCamera(name);
            return this;
        }

        /** The encoder plugins to offer; by default every one {@link Encoders#discover()} finds. */
        public Builder encoders(Encoders encoders) {
            hub.encoders(encoders);
            return this;
        }

        /** The default encoder's name; by default the best available one. */
        public Builder encoder(String name) {
            hub.encoder(name);
            return this;
        }

        /** Default quality and colour mode for clients that name none. */
        public Builder options(EncoderOptions options) {
            hub.options(options);
            return this;
        }

        /**
         * Whether a source's JPEG (a publisher's, an MJPEG camera's) goes as it is to subscribers who
         * ask for its colour mode at its size and name no encoder or quality: no decode, no encode.
         * Default true; see {@link Hub.Builder#passthrough}.
         */
        public Builder passthrough(boolean enabled) {
            hub.passthrough(enabled);
            return this;
        }

        /** How sources that are not supervised yet are watched. Default {@link Supervision#defaults()}. */
        public Builder supervision(Supervision policy) {
            hub.supervision(policy);
            return this;
        }

        /**
         * Told of every encode with its duration and size, for metrics. Default: nobody.
         *
         * @see Hub.Builder#encodeObserver
         */
        public Builder encodeObserver(EncodeObserver observer) {
            hub.encodeObserver(observer);
            return this;
        }

        /**
         * Told how every call ended, for metrics: with the full method name (e.g.
         * {@code camstream.v1.Camstream/Subscribe}) and the status code's name (e.g. {@code OK},
         * {@code NOT_FOUND}; {@code CANCELLED} when the client left), once per call, calls refused by
         * access control or the limits included. It runs on gRPC's threads as each call ends, so it
         * must return at once. Default: nobody.
         */
        public Builder callObserver(BiConsumer<String, String> observer) {
            this.callObserver = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /**
         * The address to listen on: {@code 0.0.0.0} (or {@code ::}) for every interface. Default
         * {@code 127.0.0.1}, this machine only: sharing a camera is a decision, not a default.
         */
        public Builder bind(String address) {
            this.bindAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** TCP port; 0 picks a free one. Default {@value #DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The most concurrent streams (v1 subscribers and legacy calls); 0 for no limit. Default 200. */
        public Builder maxSubscribers(int max) {
            hub.maxSubscribers(max);
            return this;
        }

        /**
         * How often to ping an idle connection to find clients that vanished without closing it
         * (and how often clients may ping us, at most every 10 s). Default 30 s.
         */
        public Builder keepAlive(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("keepalive must be positive, got " + interval);
            }
            this.keepAlive = interval;
            return this;
        }

        /**
         * The most pixels (width times height) a frame may have, from a source or a publisher: a published
         * JPEG claiming more is refused from its header, before anything is allocated. Default 8192x8192.
         *
         * @see Hub.Builder#maxPixels
         */
        public Builder maxPixels(long max) {
            hub.maxPixels(max);
            return this;
        }

        /**
         * How long a publisher may hold a published camera without sending a usable frame; then its call
         * ends with {@code DEADLINE_EXCEEDED} and the camera is free for the next. Default 5 s, at least 2 s.
         *
         * @see Hub.Builder#publishClaimTimeout
         */
        public Builder publishClaimTimeout(Duration timeout) {
            hub.publishClaimTimeout(timeout);
            return this;
        }

        /**
         * The most encoder, quality and colour combinations one camera's subscribers may watch at once;
         * a Subscribe asking for another ends with {@code RESOURCE_EXHAUSTED} naming the ones in use. The
         * default encoder and quality, in gray or colour, always get in. 0: no limit. Default 16.
         *
         * @see Hub.Builder#maxVariants
         */
        public Builder maxVariants(int max) {
            hub.maxVariants(max);
            return this;
        }

        /**
         * The most concurrent calls on one connection (HTTP/2 {@code MAX_CONCURRENT_STREAMS}): a client's
         * further calls wait, in the client, until one ends. Default 100.
         */
        public Builder maxConcurrentCallsPerConnection(int max) {
            limits.maxCallsPerConnection(max);
            return this;
        }

        /**
         * The most TCP connections one client address (an IPv6 client: its /64) may have open; one more
         * is closed as soon as it is accepted, before TLS. 0: no limit. Default 100. Loopback clients are
         * exempt unless {@link #limitLoopback}.
         */
        public Builder maxConnectionsPerAddress(int max) {
            limits.maxConnectionsPerAddress(max);
            return this;
        }

        /**
         * The most concurrent calls one client address may have over all its connections; one more ends
         * with {@code RESOURCE_EXHAUSTED} "too many streams from ADDRESS (limit N)". 0: no limit. Default
         * 100, half the default subscriber cap, so one address never takes every slot. Loopback clients
         * are exempt unless {@link #limitLoopback}.
         */
        public Builder maxStreamsPerAddress(int max) {
            limits.maxStreamsPerAddress(max);
            return this;
        }

        /**
         * Whether the per-address limits apply to loopback clients too. Default false: they are this
         * machine's own users and all share one address (so a limit would only be a second, smaller
         * subscriber cap on a server listening on 127.0.0.1, and would stop {@code view --subscribers N}).
         */
        public Builder limitLoopback(boolean limit) {
            limits.limitLoopback(limit);
            return this;
        }

        /**
         * How long a new connection may take to finish TLS and start HTTP/2; then it is closed, so raw
         * connections that never speak cannot hold file descriptors. Default 10 s.
         */
        public Builder handshakeTimeout(Duration timeout) {
            limits.handshakeTimeout(timeout);
            return this;
        }

        /** A connection without a call for this long is closed; clients reconnect at their next call. Default 2 min. */
        public Builder maxConnectionIdle(Duration idle) {
            limits.maxConnectionIdle(idle);
            return this;
        }

        /**
         * HTTP/2 rapid-reset protection: a connection whose client resets more than {@code max} streams
         * within {@code window} (whole seconds) is closed. 0: no limit. Default 2,000 per 10 s.
         */
        public Builder maxRstFramesPerWindow(int max, Duration window) {
            limits.maxRstFramesPerWindow(max, window);
            return this;
        }

        /**
         * The most Snapshot calls that may wait for a camera's first frame at once, server-wide (waiting
         * holds no thread); one more gets {@code RESOURCE_EXHAUSTED}. 0: no limit. Default 1000.
         */
        public Builder maxWaitingSnapshots(int max) {
            limits.maxWaitingSnapshots(max);
            return this;
        }

        /** How long a Snapshot waits for a camera's first frame when it has none yet; then UNAVAILABLE. Default 5 s. */
        public Builder snapshotWait(Duration wait) {
            limits.snapshotWait(wait);
            return this;
        }

        /**
         * Encrypts every connection with this certificate (PEM, the server's first, then any
         * intermediates) and key (PEM, unencrypted PKCS#8: {@code BEGIN PRIVATE KEY}, RSA or EC). Both are
         * re-read when they change; a renewal takes effect for new connections without a restart.
         */
        public Builder tls(Path certificate, Path key) {
            this.certificateFile = Objects.requireNonNull(certificate, "certificate");
            this.keyFile = Objects.requireNonNull(key, "key");
            return this;
        }

        /**
         * Mutual TLS: a client must show a certificate issued by this CA (PEM), or its handshake is
         * refused. Needs {@link #tls}. Re-read when it changes.
         */
        public Builder clientCa(Path authority) {
            this.clientCaFile = Objects.requireNonNull(authority, "authority");
            return this;
        }

        /**
         * Access control: every call but health checks needs a token, or a client certificate, that
         * this file names (see {@link AuthFile}), with the role and cameras the call needs. Re-read when
         * it changes; a broken edit keeps the previous contents and is logged.
         */
        public Builder authFile(Path file) {
            this.authFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * With an auth file, whether the original sample's {@code MainServer} protocol (which cannot
         * send a token) may still watch the first camera. Default false.
         */
        public Builder legacyOpen(boolean open) {
            this.legacyOpen = open;
            return this;
        }

        /**
         * Which version of the original sample's {@code MainServer} protocol to serve: the blog post's, whose
         * {@code Client.py} base64-decodes each reply ({@link LegacyPayload#BASE64}, the default), or the sample
         * repository's later one, which reads raw JPEG bytes from a stream of replies ({@link LegacyPayload#JPEG}).
         */
        public Builder legacyPayload(LegacyPayload payload) {
            this.legacyPayload = Objects.requireNonNull(payload, "payload");
            return this;
        }

        /** How often the certificate, key, client CA and auth file are checked for changes. Default 2 s. */
        public Builder reloadInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("reload interval must be positive, got " + interval);
            }
            this.reloadInterval = interval;
            return this;
        }

        /**
         * Serve on this transport instead of TCP (e.g. an in-process server in tests); bind, port,
         * keepalive, TLS and the connection limits are then the transport's business (access control,
         * the per-address stream limit where it has network addresses, and the snapshot limits still apply).
         */
        public Builder transport(ServerBuilder<?> serverBuilder) {
            this.serverBuilder = Objects.requireNonNull(serverBuilder, "serverBuilder");
            return this;
        }

        /**
         * Starts capturing and serving.
         *
         * @throws IllegalArgumentException when there is no camera, or the encoder is unknown or
         *     unavailable (listing the ones there are)
         * @throws IOException when the port cannot be bound
         */
        public CamstreamServer start() throws IOException {
            if (clientCaFile != null && certificateFile == null) {
                throw new IllegalArgumentException(
                        "mutual TLS (a client CA) needs the server's own certificate and key");
            }
            if (certificateFile != null && serverBuilder != null) {
                throw new IllegalArgumentException("TLS is for the TCP transport; a transport of the caller's "
                        + "brings its own");
            }
            Hub cameras = hub.build();
            // Health checks and the watches of the security files.
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                    daemonThreads("camstream-housekeeping-"));
            try {
                ServerSecurity security = ServerSecurity.load(new ServerSecurity.Settings(certificateFile, keyFile,
                        clientCaFile, authFile, legacyOpen, reloadInterval), cameras.defaultCamera().name(),
                        housekeeping);
                return start(cameras, security, housekeeping);
            } catch (IOException | RuntimeException e) {
                housekeeping.shutdownNow();
                cameras.close();
                throw e;
            }
        }

        private CamstreamServer start(Hub cameras, ServerSecurity security, ScheduledExecutorService housekeeping)
                throws IOException {
            ExecutorService delivery = Executors.newFixedThreadPool(
                    Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("camstream-delivery-"));
            HealthStatusManager health = new HealthStatusManager();
            AddressLimits perAddress = new AddressLimits(limits.maxConnectionsPerAddress, limits.maxStreamsPerAddress,
                    limits.limitLoopback);
            SnapshotWaits snapshots = new SnapshotWaits(limits.maxWaitingSnapshots, limits.snapshotWait, delivery,
                    housekeeping);
            ServerCredentials tls = security.tls() == null ? null : security.tls().credentials();
            NettyTransport tcp = serverBuilder != null ? null
                    : new NettyTransport(new InetSocketAddress(bindAddress, port), tls, keepAlive, limits, perAddress);
            ServerBuilder<?> transport = tcp != null ? tcp.builder()
                    : serverBuilder.maxInboundMessageSize(MessageLimits.DEFAULT_BYTES);
            TransportLogs.quietClientMistakes();
            // Calls' callbacks (on-ready above all, once per frame per subscriber) run on the delivery threads that
            // send, not on gRPC's default cached pool: one thread hand-off fewer per frame. Measured at 100 x 1280x720
            // subscribers: 18-35 % less server CPU per byte, every subscriber at 30 fps (benchmarks/README.md).
            transport.executor(delivery);
            transport
                    .addService(MalformedRequests.tolerant(new CamstreamService(cameras, delivery, snapshots)
                            .definition()))
                    .addService(MalformedRequests.tolerant(
                            new LegacyService(cameras, delivery, legacyPayload).bindService()))
                    .addService(MalformedRequests.tolerant(health.getHealthService().bindService()))
                    .addService(MalformedRequests.tolerant(ProtoReflectionServiceV1.newInstance().bindService()))
                    // The last added runs first: count the call against its address, then refuse it if its
                    // message is malformed, before access control or a service reads the message.
                    .intercept(security.access())
                    .intercept(MalformedRequests.interceptor())
                    .intercept(perAddress);
            if (callObserver != null) {
                transport.intercept(new CallEnds(callObserver)); // runs first, so it sees the calls others refuse
            }
            Server server = transport.build();
            AccessControl.checkCovered(server.getServices());
            CamstreamServer camstream = new CamstreamServer(cameras, server, delivery, housekeeping, health, security,
                    tcp);
            camstream.updateHealth();
            try {
                server.start();
            } catch (IOException e) {
                camstream.close();
                throw new IOException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
            }
            cameras.start();
            housekeeping.scheduleWithFixedDelay(camstream::updateHealth, 250, 250, TimeUnit.MILLISECONDS);
            return camstream;
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
