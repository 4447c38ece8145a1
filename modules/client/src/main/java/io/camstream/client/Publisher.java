package io.camstream.client;

import io.camstream.capture.Frame;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FitToLimit;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.FrameScaler;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Pushes frames into a published camera of a camstream hub ({@code Publish}), e.g. from an edge
 * device behind NAT. A frame offered while the connection is still busy with the previous one is
 * dropped rather than queued, so a slow uplink costs frames, never memory or latency. Frames larger
 * than the hub accepts are re-encoded smaller (quality, then size), like the server does for its
 * subscribers. Not thread-safe: one thread calls {@link #send}.
 */
public final class Publisher implements AutoCloseable {

    private final String camera;
    private final EncoderProvider provider;
    private final EncoderOptions options;
    private final int maxDataBytes;
    private final Map<Integer, FrameEncoder> encodersByQuality = new HashMap<>();
    private final FitToLimit fitToLimit = new FitToLimit();
    private final CompletableFuture<PublishSummary> summary = new CompletableFuture<>();
    private final ClientCallStreamObserver<PublishRequest> call;
    private boolean first = true;
    private long sent;
    private long dropped;

    /**
     * Opens a {@code Publish} call to {@code camera} on the server {@code client} is connected to.
     *
     * @param maxMessageBytes the hub's inbound message limit ({@code Describe} tells it; 4 MiB by default)
     */
    public Publisher(CamstreamClient client, String camera, EncoderProvider provider, EncoderOptions options,
            int maxMessageBytes) {
        this.camera = camera;
        this.provider = provider;
        this.options = options;
        this.maxDataBytes = MessageLimits.videoFrameData(MessageLimits.declared(maxMessageBytes), camera);
        provider.checkSupports(options);
        CompletableFuture<ClientCallStreamObserver<PublishRequest>> started = new CompletableFuture<>();
        CamstreamGrpc.newStub(client.channel()).publish(new ClientResponseObserver<PublishRequest, PublishSummary>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<PublishRequest> requestStream) {
                started.complete(requestStream);
            }

            @Override
            public void onNext(PublishSummary value) {
                summary.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                summary.completeExceptionally(Status.fromThrowable(t).asRuntimeException());
            }

            @Override
            public void onCompleted() {
                summary.complete(PublishSummary.getDefaultInstance());
            }
        });
        this.call = started.join();
    }

    /**
     * Encodes and sends the frame, unless the connection is still busy (then the frame is dropped).
     *
     * @return true when sent
     * @throws StatusRuntimeException when the hub refused or ended the call (e.g. unknown camera)
     */
    public boolean send(Frame frame) {
        if (summary.isCompletedExceptionally()) {
            try {
                summary.join();
            } catch (CompletionException e) {
                // The hub's status, as documented, not join()'s wrapper around it.
                throw (StatusRuntimeException) e.getCause();
            }
        }
        if (!first && !call.isReady()) {
            dropped++;
            return false;
        }
        var fitted = fitToLimit.fit(camera, frame.sequence(), frame.width(), frame.height(), options.quality(),
                maxDataBytes,
                (quality, width, height) -> encoder(quality).encode(FrameScaler.scale(frame, width, height)),
                image -> image.data().length);
        PublishRequest.Builder request = PublishRequest.newBuilder()
                .setFrame(toVideoFrame(frame, fitted.encoded(), fitted.adapted()));
        if (first) {
            request.setCamera(camera);
            first = false;
        }
        call.onNext(request.build());
        sent++;
        return true;
    }

    public long sent() {
        return sent;
    }

    public long dropped() {
        return dropped;
    }

    /**
     * Ends the call and waits for the hub's summary.
     *
     * @throws StatusRuntimeException when the hub ended the call with an error
     */
    public PublishSummary finish(java.time.Duration timeout) throws InterruptedException, TimeoutException {
        call.onCompleted();
        try {
            return summary.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof StatusRuntimeException s
                    ? s : Status.fromThrowable(e.getCause()).asRuntimeException();
        } finally {
            closeEncoders();
        }
    }

    /** Cancels the call if {@link #finish} was not called. */
    @Override
    public void close() {
        if (!summary.isDone()) {
            call.cancel("publisher closed", null);
        }
        closeEncoders();
    }

    private FrameEncoder encoder(int quality) {
        return encodersByQuality.computeIfAbsent(quality, q -> provider.create(new EncoderOptions(q, options.color())));
    }

    private void closeEncoders() {
        encodersByQuality.values().forEach(FrameEncoder::close);
        encodersByQuality.clear();
    }

    private VideoFrame toVideoFrame(Frame frame, EncodedImage image, boolean adapted) {
        return WireFrames.videoFrame(frame, image, provider.name(), options.quality(), camera)
                .setAdapted(adapted).build();
    }
}
