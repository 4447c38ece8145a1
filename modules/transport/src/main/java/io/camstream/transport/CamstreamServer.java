package io.camstream.transport;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running camstream server: one source, captured once, served to any number of clients over the
 * {@code camstream.v1} API and the original sample's {@code MainServer} service.
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

    private final FrameHub hub;
    private final Server server;
    private final ExecutorService deliveryExecutor;

    private CamstreamServer(FrameHub hub, Server server, ExecutorService deliveryExecutor) {
        this.hub = hub;
        this.server = server;
        this.deliveryExecutor = deliveryExecutor;
    }

    public static Builder builder(FrameSource source) {
        return new Builder(source);
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

    public SourceInfo sourceInfo() {
        return hub.sourceInfo();
    }

    FrameHub hub() {
        return hub;
    }

    /** Blocks until the server has stopped. */
    public void awaitTermination() throws InterruptedException {
        server.awaitTermination();
    }

    /**
     * Stops capture, ends every stream with {@link Status#UNAVAILABLE} (so clients know to reconnect
     * later rather than treat it as an error of theirs), and stops the server within about 2 seconds.
     */
    @Override
    public void close() {
        hub.close();
        server.shutdown();
        try {
            if (!server.awaitTermination(1500, TimeUnit.MILLISECONDS)) {
                server.shutdownNow().awaitTermination(500, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            deliveryExecutor.shutdownNow();
        }
    }

    /** Configures and starts a server. */
    public static final class Builder {
        private final FrameSource source;
        private Encoders encoders;
        private String encoder;
        private EncoderOptions options = EncoderOptions.defaults();
        private String bindAddress = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private ServerBuilder<?> serverBuilder;

        private Builder(FrameSource source) {
            this.source = Objects.requireNonNull(source, "source");
        }

        /** The encoder plugins to offer; by default every one {@link Encoders#discover()} finds. */
        public Builder encoders(Encoders encoders) {
            this.encoders = Objects.requireNonNull(encoders, "encoders");
            return this;
        }

        /** The default encoder's name; by default the best available one. */
        public Builder encoder(String name) {
            this.encoder = name;
            return this;
        }

        /** Default quality and colour mode for clients that name none. */
        public Builder options(EncoderOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The address to listen on, e.g. {@code 127.0.0.1} for this machine only; default all interfaces. */
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

        /** Serve on this transport instead of TCP (e.g. an in-process server in tests); bind and port are then ignored. */
        public Builder transport(ServerBuilder<?> serverBuilder) {
            this.serverBuilder = Objects.requireNonNull(serverBuilder, "serverBuilder");
            return this;
        }

        /**
         * Starts capturing and serving.
         *
         * @throws IllegalArgumentException when the encoder is unknown or unavailable (listing the ones there are)
         * @throws IOException when the port cannot be bound
         */
        public CamstreamServer start() throws IOException {
            Encoders registry = encoders != null ? encoders : Encoders.discover();
            String name = encoder != null ? encoder : registry.best().name();
            FrameHub hub = new FrameHub(source, registry, new Variant(name, options));
            ExecutorService delivery = Executors.newFixedThreadPool(
                    Math.max(2, Runtime.getRuntime().availableProcessors()), daemonThreads("camstream-delivery-"));
            ServerBuilder<?> builder = serverBuilder != null
                    ? serverBuilder
                    : NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port));
            Server server = builder
                    .addService(new CamstreamService(hub, delivery))
                    .addService(new LegacyService(hub, delivery))
                    .build();
            try {
                server.start();
            } catch (IOException e) {
                delivery.shutdownNow();
                hub.close();
                throw new IOException("cannot listen on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
            }
            hub.start();
            return new CamstreamServer(hub, server, delivery);
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
