package io.camstream.transport;

import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.BlockingClientCall;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** Watches a camstream server (or the original sample's server, through {@link #fetchLegacyJpeg}). */
public final class CamstreamClient implements AutoCloseable {

    /**
     * Largest message this client accepts: gRPC's default, stated on purpose, because servers adapt
     * frames to fit the limit their clients declare.
     */
    public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

    private final ManagedChannel channel;

    private CamstreamClient(ManagedChannel channel) {
        this.channel = channel;
    }

    /** A plaintext connection to {@code host:port}; nothing is sent until the first call. */
    public static CamstreamClient connect(String target) {
        Objects.requireNonNull(target, "target");
        return new CamstreamClient(NettyChannelBuilder.forTarget(target)
                .usePlaintext()
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .build());
    }

    /** A client over a channel of the caller's (e.g. in-process); {@link #close()} shuts it down. */
    public static CamstreamClient over(ManagedChannel channel) {
        return new CamstreamClient(Objects.requireNonNull(channel, "channel"));
    }

    /** Starts a {@code Subscribe} stream; frames go to the listener until it ends or is cancelled. */
    public Subscription subscribe(SubscribeRequest request, FrameListener listener) {
        Subscription subscription = new Subscription();
        CamstreamGrpc.newStub(channel).subscribe(request, new ClientResponseObserver<SubscribeRequest, VideoFrame>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
                subscription.attach(call);
            }

            @Override
            public void onNext(VideoFrame frame) {
                listener.onFrame(frame);
            }

            @Override
            public void onError(Throwable t) {
                listener.onEnd(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                listener.onEnd(Status.OK);
            }
        });
        return subscription;
    }

    /**
     * One frame the way the original sample's {@code Client.py} gets it: a fresh
     * {@code MainServer.getStream} call with one request, one reply, base64-decoded.
     *
     * @return the JPEG bytes
     * @throws StatusException when the call fails or the server replies with nothing
     */
    public byte[] fetchLegacyJpeg(Duration timeout) throws StatusException, InterruptedException {
        BlockingClientCall<Request, Reply> call = MainServerGrpc.newBlockingV2Stub(channel)
                .withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .getStream();
        try {
            call.write(Request.newBuilder().setMsg("give me the stream!!").build());
            call.halfClose();
            Reply reply = call.read();
            if (reply == null) {
                throw Status.DATA_LOSS.withDescription("the server ended the stream without a reply").asException();
            }
            return Base64.getDecoder().decode(reply.getDatas().toByteArray());
        } catch (IllegalArgumentException e) {
            throw Status.DATA_LOSS.withDescription("the reply is not base64: " + e.getMessage()).asException();
        } finally {
            call.cancel("done", null);
        }
    }

    public ManagedChannel channel() {
        return channel;
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
