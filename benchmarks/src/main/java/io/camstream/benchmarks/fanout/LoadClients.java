package io.camstream.benchmarks.fanout;

import io.camstream.client.CamstreamClient;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.client.WireFrames;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
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
        };
    }

    /** camstream's own API: one {@code Subscribe} stream each; the server paces them at the camera rate. */
    private static final class Subscribers extends LoadClients {
        private final List<CamstreamClient> clients = new ArrayList<>();
        private final List<Subscription> subscriptions = new ArrayList<>();

        Subscribers(String target, int count) {
            for (int i = 0; i < count; i++) {
                SubscriberStats subscriber = new SubscriberStats();
                stats.add(subscriber);
                CamstreamClient client = CamstreamClient.connect(target);
                clients.add(client);
                subscriptions.add(client.subscribe(SubscribeRequest.getDefaultInstance(), new FrameListener() {
                    @Override
                    public void onFrame(VideoFrame frame) {
                        subscriber.frame(WireFrames.epochMicros(frame.getCaptureTime()), frame.getData().size());
                    }

                    @Override
                    public void onEnd(Status status) {
                        if (status.getCode() != Status.Code.CANCELLED) {
                            subscriber.error();
                        }
                    }
                }));
            }
        }

        @Override
        public void close() {
            subscriptions.forEach(Subscription::cancel);
            clients.forEach(CamstreamClient::close);
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
