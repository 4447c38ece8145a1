package io.camstream.server;

import io.camstream.client.MessageLimits;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelInboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The TCP transport (gRPC over Netty) with every per-connection limit camstream sets: streams per
 * connection, handshake and idle timeouts, rapid-reset protection, and connections per client
 * address.
 *
 * <p>The per-address connection limit is enforced where a connection is accepted, before TLS or
 * HTTP/2 cost anything: gRPC offers no hook there, so the listening channel is camstream's own (NIO,
 * with its own event loops, which {@link #close} stops), with a handler that closes an extra
 * connection at once. Everything else is gRPC's own knobs.
 */
final class NettyTransport implements AutoCloseable {

    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("camstream-accept", true), NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(0,
            new DefaultThreadFactory("camstream-netty", true), NioIoHandler.newFactory());
    private final NettyServerBuilder builder;

    /**
     * @param credentials TLS, or null for plaintext
     * @param keepAlive how often to ping an idle connection
     */
    NettyTransport(InetSocketAddress address, ServerCredentials credentials, Duration keepAlive, ServerLimits limits,
            AddressLimits perAddress) {
        NettyServerBuilder netty = credentials == null ? NettyServerBuilder.forAddress(address)
                : NettyServerBuilder.forAddress(address, credentials);
        ChannelHandler acceptLimit = new AcceptLimit(perAddress);
        netty.channelFactory(() -> {
            NioServerSocketChannel listening = new NioServerSocketChannel();
            // First in the listening channel's pipeline: it sees each accepted connection before gRPC does.
            listening.pipeline().addLast(acceptLimit);
            return listening;
        })
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                // Stated, not inherited: published frames must fit, and Describe tells publishers this number.
                .maxInboundMessageSize(MessageLimits.DEFAULT_BYTES)
                .keepAliveTime(keepAlive.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .maxConcurrentCallsPerConnection(limits.maxCallsPerConnection)
                // A raw TCP connection that never speaks HTTP/2 is closed after this, not after gRPC's 120 s.
                .handshakeTimeout(limits.handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .maxConnectionIdle(limits.maxConnectionIdle.toMillis(), TimeUnit.MILLISECONDS);
        // No maxConnectionAge: streams are meant to last (a viewer watches for hours), so an age would
        // either cut viewers (with a grace) or free nothing (without one).
        if (limits.maxRstFrames > 0) {
            netty.maxRstFramesPerWindow(limits.maxRstFrames, (int) limits.rstWindow.toSeconds());
        }
        this.builder = netty;
    }

    NettyServerBuilder builder() {
        return builder;
    }

    /** Stops the event loops; call once the server has terminated. */
    @Override
    public void close() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }

    /** Closes a connection past its address's limit before it is registered; counts the others until they close. */
    @ChannelHandler.Sharable
    private static final class AcceptLimit extends ChannelInboundHandlerAdapter {
        private final AddressLimits limits;

        AcceptLimit(AddressLimits limits) {
            this.limits = limits;
        }

        @Override
        public void channelRead(ChannelHandlerContext context, Object message) {
            Channel accepted = (Channel) message;
            Runnable onClose = limits.admitConnection(accepted.remoteAddress());
            if (onClose == null) {
                accepted.unsafe().closeForcibly();
                return;
            }
            accepted.closeFuture().addListener(closed -> onClose.run());
            context.fireChannelRead(message);
        }
    }
}
