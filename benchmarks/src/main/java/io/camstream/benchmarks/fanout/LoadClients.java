package io.camstream.benchmarks.fanout;

import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.SubscribeRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * N clients of one design, each on its own connection (like N viewers on N machines), recording
 * into one {@link SubscriberStats} each. Frames are not decoded: the load is on the server.
 */
abstract class LoadClients implements AutoCloseable {

    @Override
    public abstract void close();

    final List<SubscriberStats> stats = new ArrayList<>();

    static LoadClients start(Design design, String target, int count, double fps) {
        return switch (design) {
            case CAMSTREAM -> new Subscribers(target, count);
            case SEED -> new SeedClients(target, count, fps);
            case HTTP -> new MjpegClients(target, count);
            case RAW -> new RawClients(target, count);
        };
    }

    /**
     * camstream's {@code Subscribe}, one stream on one channel (one connection) each; the server paces them at
     * the camera rate. Not through {@code CamstreamClient}: that parses every {@code VideoFrame} fully, copying
     * its JPEG, which is right for a viewer and wrong for a load generator that shares the machine with the
     * server it measures. These calls use the generated method with a response marshaller that reads only
     * the capture time and the picture's length ({@link LeanFrame}), and the channels share one small event
     * loop group and run the callbacks on it (they only count), so a hundred clients cost the harness little.
     */
    private static final class Subscribers extends LoadClients {
        /** Room for any frame the server may send (its own limit is 4 MiB by default). */
        private static final int MAX_INBOUND_BYTES = 64 << 20;
        private static final MethodDescriptor<SubscribeRequest, LeanFrame> SUBSCRIBE = CamstreamGrpc
                .getSubscribeMethod().toBuilder(CamstreamGrpc.getSubscribeMethod().getRequestMarshaller(),
                        LeanFrame.MARSHALLER)
                .build();

        private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2,
                new DefaultThreadFactory("lean-subscribers", true), NioIoHandler.newFactory());
        private final List<ManagedChannel> channels = new ArrayList<>();
        private final List<ClientCall<SubscribeRequest, LeanFrame>> calls = new ArrayList<>();
        private volatile boolean closed;

        Subscribers(String target, int count) {
            for (int i = 0; i < count; i++) {
                SubscriberStats subscriber = new SubscriberStats();
                stats.add(subscriber);
                ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext()
                        .eventLoopGroup(loops).channelType(NioSocketChannel.class).directExecutor()
                        .maxInboundMessageSize(MAX_INBOUND_BYTES).build();
                channels.add(channel);
                ClientCall<SubscribeRequest, LeanFrame> call = channel.newCall(SUBSCRIBE, CallOptions.DEFAULT);
                calls.add(call);
                ClientCalls.asyncServerStreamingCall(call, SubscribeRequest.getDefaultInstance(),
                        new StreamObserver<LeanFrame>() {
                            @Override
                            public void onNext(LeanFrame frame) {
                                subscriber.frame(frame.captureMicros(), frame.dataBytes());
                            }

                            @Override
                            public void onError(Throwable t) {
                                if (!closed) {
                                    subscriber.error();
                                }
                            }

                            @Override
                            public void onCompleted() {
                                if (!closed) {
                                    subscriber.error(); // the server never ends a live camera's stream
                                }
                            }
                        });
            }
        }

        @Override
        public void close() {
            closed = true;
            calls.forEach(call -> call.cancel("the run is over", null));
            channels.forEach(ManagedChannel::shutdownNow);
            for (ManagedChannel channel : channels) {
                try {
                    channel.awaitTermination(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * The sample's {@code Client.py}, paced: one {@code getStream} call per frame carrying one
     * request, the next one due a frame period after the last (at once when behind), never two
     * outstanding, so each client asks for the camera's rate and gets less when the server is slow.
     */
    private static final class SeedClients extends LoadClients {
        private static final Request REQUEST = Request.newBuilder().setMsg("give me the stream!!").build();

        private final List<ManagedChannel> channels = new ArrayList<>();
        private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread thread = new Thread(r, "seed-client-pacer");
            thread.setDaemon(true);
            return thread;
        });
        private final long periodNanos;
        private volatile boolean closed;

        SeedClients(String target, int count, double fps) {
            this.periodNanos = (long) (1e9 / fps);
            for (int i = 0; i < count; i++) {
                SubscriberStats subscriber = new SubscriberStats();
                stats.add(subscriber);
                ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
                channels.add(channel);
                new Client(MainServerGrpc.newStub(channel), subscriber).next();
            }
        }

        private final class Client {
            private final MainServerGrpc.MainServerStub stub;
            private final SubscriberStats subscriber;
            private long nextDueNanos = System.nanoTime();

            Client(MainServerGrpc.MainServerStub stub, SubscriberStats subscriber) {
                this.stub = stub;
                this.subscriber = subscriber;
            }

            void next() {
                if (closed) {
                    return;
                }
                long now = System.nanoTime();
                if (now - nextDueNanos > periodNanos) {
                    nextDueNanos = now;
                }
                long delay = nextDueNanos - now;
                nextDueNanos += periodNanos;
                scheduler.schedule(this::call, Math.max(0, delay), TimeUnit.NANOSECONDS);
            }

            private void call() {
                if (closed) {
                    return;
                }
                StreamObserver<Request> requests = stub.getStream(new StreamObserver<Reply>() {
                    @Override
                    public void onNext(Reply reply) {
                        subscriber.frame(SeedStyleServer.captureMicros(reply), reply.getDatas().size());
                    }

                    @Override
                    public void onError(Throwable t) {
                        if (!closed) {
                            subscriber.error();
                        }
                        next();
                    }

                    @Override
                    public void onCompleted() {
                        next();
                    }
                });
                requests.onNext(REQUEST);
                requests.onCompleted();
            }
        }

        @Override
        public void close() {
            closed = true;
            scheduler.shutdownNow();
            channels.forEach(ManagedChannel::shutdownNow);
        }
    }
}
