package io.camstream.client;

import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.ChannelCredentials;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.BlockingClientCall;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Watches a camstream server: {@link #subscribe}, {@link #snapshot}, {@link #describe}, and
 * {@link #fetchLegacyJpeg} for the original sample's protocol (which also works against the
 * sample's own server). {@link Publisher} pushes frames the other way.
 */
public final class CamstreamClient implements AutoCloseable {

    /** gRPC's default maximum message size, stated on purpose: servers adapt frames to the limit a client declares. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = MessageLimits.DEFAULT_BYTES;

    private final ManagedChannel channel;
    private final int maxMessageBytes;
    private final ClientSecurity security;
    private volatile boolean connected;

    private CamstreamClient(ManagedChannel channel, int maxMessageBytes, ClientSecurity security) {
        this.channel = channel;
        this.maxMessageBytes = maxMessageBytes;
        this.security = security;
        watchUntilConnected(channel.getState(false));
    }

    /** Over a channel of the caller's, whose security is unknown: never guess it is a TLS mismatch. */
    private CamstreamClient(ManagedChannel channel) {
        this.channel = channel;
        this.maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        this.security = ClientSecurity.plaintext();
        this.connected = true;
    }

    /** Remembers the first completed connection, which tells a TLS mismatch from a server gone away. */
    private void watchUntilConnected(ConnectivityState state) {
        if (state == ConnectivityState.READY) {
            connected = true;
        } else if (state != ConnectivityState.SHUTDOWN) {
            channel.notifyWhenStateChanged(state, () -> watchUntilConnected(channel.getState(false)));
        }
    }

    /**
     * A plaintext connection to {@code host:port} accepting messages up to 4 MiB; nothing is sent
     * until the first call.
     */
    public static CamstreamClient connect(String target) {
        return connect(target, ClientSecurity.plaintext());
    }

    /**
     * A plaintext connection accepting messages up to {@code maxMessageBytes}; subscriptions declare
     * this limit, so the server fits every frame within it.
     */
    public static CamstreamClient connect(String target, int maxMessageBytes) {
        return connect(target, ClientSecurity.plaintext(), maxMessageBytes, false);
    }

    /** Like {@link #connect(String, ClientSecurity, int, boolean)}, over plaintext. */
    public static CamstreamClient connect(String target, int maxMessageBytes, boolean quickListeners) {
        return connect(target, ClientSecurity.plaintext(), maxMessageBytes, quickListeners);
    }

    /**
     * A connection to {@code host:port} secured as {@code security} says, accepting messages up to
     * 4 MiB; nothing is sent until the first call.
     *
     * @throws IllegalArgumentException when a certificate, key or CA file cannot be read or parsed
     */
    public static CamstreamClient connect(String target, ClientSecurity security) {
        return connect(target, security, DEFAULT_MAX_MESSAGE_BYTES, false);
    }

    /**
     * A connection secured as {@code security} says, accepting messages up to {@code maxMessageBytes}
     * (subscriptions declare this limit, so the server fits every frame within it). With
     * {@code quickListeners} true, listeners are called on the network threads themselves rather than
     * handed to a thread pool. That saves a thread switch per frame (it matters with many
     * subscriptions in one process), but a listener that takes long then delays every connection
     * sharing its network thread: only for listeners that return in microseconds.
     *
     * @throws IllegalArgumentException when a certificate, key or CA file cannot be read or parsed
     */
    public static CamstreamClient connect(String target, ClientSecurity security, int maxMessageBytes,
            boolean quickListeners) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(security, "security");
        MessageLimits.declared(maxMessageBytes);
        ChannelCredentials credentials = security.channelCredentials();
        NettyChannelBuilder channel;
        try {
            channel = NettyChannelBuilder.forTarget(target, credentials);
        } catch (IllegalArgumentException e) {
            // Netty parses the PEM files here, and its messages name none of them.
            throw new IllegalArgumentException("cannot use " + security.filesForMessages() + ": " + e.getMessage(), e);
        }
        channel.maxInboundMessageSize(maxMessageBytes)
                // Finds a server that vanished without closing the connection (a pulled cable).
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS);
        if (quickListeners) {
            channel.directExecutor();
        }
        return new CamstreamClient(channel.build(), maxMessageBytes, security);
    }

    /**
     * A client over a channel of the caller's (e.g. in-process) that accepts 4 MiB messages;
     * {@link #close()} shuts it down.
     */
    public static CamstreamClient over(ManagedChannel channel) {
        return new CamstreamClient(Objects.requireNonNull(channel, "channel"));
    }

    /**
     * Starts a {@code Subscribe} stream; frames go to the listener until it ends or is cancelled. A
     * request that declares no {@code max_message_bytes} gets this client's limit.
     */
    public Subscription subscribe(SubscribeRequest request, FrameListener listener) {
        SubscribeRequest withLimit = request.getMaxMessageBytes() != 0 ? request
                : request.toBuilder().setMaxMessageBytes(maxMessageBytes).build();
        Subscription subscription = new Subscription();
        CamstreamGrpc.newStub(channel).subscribe(withLimit, new ClientResponseObserver<SubscribeRequest, VideoFrame>() {
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
     * The camera's newest frame.
     *
     * @throws StatusRuntimeException when the call fails (NOT_FOUND camera, INVALID_ARGUMENT options, ...)
     */
    public VideoFrame snapshot(SnapshotRequest request, Duration timeout) {
        SnapshotRequest withLimit = request.getMaxMessageBytes() != 0 ? request
                : request.toBuilder().setMaxMessageBytes(maxMessageBytes).build();
        return CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .snapshot(withLimit);
    }

    /**
     * What the server offers.
     *
     * @throws StatusRuntimeException when the call fails
     */
    public DescribeResponse describe(Duration timeout) {
        return CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(timeout.toNanos(), TimeUnit.NANOSECONDS)
                .describe(DescribeRequest.getDefaultInstance());
    }

    /**
     * One frame the way the original sample's {@code Client.py} gets it: a fresh
     * {@code MainServer.getStream} call with one request, one reply. Either version of the sample is
     * understood: the reply's bytes as they are when they are a JPEG (they start with its FF D8 marker, the
     * repository's later version), else base64-decoded (the blog's, whose text never starts with that byte).
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
            if (reply.getDatas().size() >= 2 && reply.getDatas().byteAt(0) == (byte) 0xFF
                    && reply.getDatas().byteAt(1) == (byte) 0xD8) {
                return reply.getDatas().toByteArray();
            }
            // Straight from the received bytes: the decoder allocates the JPEG's array, nothing is copied first.
            ByteBuffer jpeg = Base64.getDecoder().decode(reply.getDatas().asReadOnlyByteBuffer());
            return jpeg.limit() == jpeg.array().length ? jpeg.array() : Arrays.copyOf(jpeg.array(), jpeg.limit());
        } catch (IllegalArgumentException e) {
            throw Status.DATA_LOSS.withDescription("the reply is not base64: " + e.getMessage()).asException();
        } finally {
            call.cancel("done", null);
        }
    }

    public ManagedChannel channel() {
        return channel;
    }

    /**
     * How this client connects; for {@link #over} channels, whose security is the caller's business,
     * plaintext, and then {@link #explain} never takes a closed connection for a TLS mismatch.
     */
    public ClientSecurity security() {
        return security;
    }

    /** Whether a connection to the server has ever been completed (TLS and HTTP/2 set up); true for {@link #over}. */
    public boolean hasConnected() {
        return connected;
    }

    /**
     * Why a call of this client failed, in one line naming the fix (command-line flags), when the
     * reason is how it connects; see {@link ConnectionProblems}.
     */
    public Optional<String> explain(Status status) {
        return ConnectionProblems.explain(status, security, connected, ConnectionProblems.Spelling.FLAGS);
    }

    /** The largest message this client accepts, which its subscriptions declare. */
    public int maxMessageBytes() {
        return maxMessageBytes;
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
