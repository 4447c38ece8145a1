package io.camstream.transport;

import io.camstream.encode.Encoders;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The {@code camstream.v1.Camstream} service. */
final class CamstreamService extends CamstreamGrpc.CamstreamImplBase {

    /** How long a snapshot waits for the first frame of a camera that has just started. */
    private static final long SNAPSHOT_WAIT_SECONDS = 5;

    private final Cameras cameras;
    private final Encoders encoders;
    private final Executor deliveryExecutor;
    private final SubscriberLimit subscriberLimit;

    CamstreamService(Cameras cameras, Encoders encoders, Executor deliveryExecutor, SubscriberLimit subscriberLimit) {
        this.cameras = cameras;
        this.encoders = encoders;
        this.deliveryExecutor = deliveryExecutor;
        this.subscriberLimit = subscriberLimit;
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<VideoFrame> responseObserver) {
        FrameHub hub;
        Variant variant;
        int maxBytes;
        try {
            hub = cameras.find(request.getCamera());
            variant = variant(hub, request.getEncoder(), request.getQuality(), request.getColor(),
                    request.getMaxWidth(), request.getMaxHeight());
            maxBytes = MessageLimits.declared(request.getMaxMessageBytes());
            if (request.getMaxFps() < 0 || Double.isNaN(request.getMaxFps())) {
                throw new IllegalArgumentException("max_fps must not be negative, got " + request.getMaxFps());
            }
        } catch (IllegalArgumentException e) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (StatusRuntimeException e) {
            responseObserver.onError(e);
            return;
        }
        if (!subscriberLimit.tryAcquire()) {
            responseObserver.onError(Status.RESOURCE_EXHAUSTED.withDescription("this server already has its maximum of "
                    + subscriberLimit.max() + " subscribers; try again later, or start it with a higher --max-subscribers")
                    .asRuntimeException());
            return;
        }
        var call = (ServerCallStreamObserver<VideoFrame>) responseObserver;
        hub.subscribe(new SubscribeDelivery(hub, call, deliveryExecutor, subscriberLimit, variant,
                MessageLimits.videoFrameData(maxBytes, hub.name()), request.getMaxFps()));
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<VideoFrame> responseObserver) {
        try {
            FrameHub hub = cameras.find(request.getCamera());
            Variant variant = variant(hub, request.getEncoder(), request.getQuality(), request.getColor(),
                    request.getMaxWidth(), request.getMaxHeight());
            int maxBytes = MessageLimits.declared(request.getMaxMessageBytes());
            if (!hub.awaitFirstFrame(SNAPSHOT_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw Status.UNAVAILABLE.withDescription("camera '" + hub.name() + "' has delivered no frame yet")
                        .asRuntimeException();
            }
            var fitted = hub.encodeWithin(hub.latest(), variant, MessageLimits.videoFrameData(maxBytes, hub.name()));
            responseObserver.onNext(fitted.encoded().toVideoFrame(0, fitted.adapted()));
            responseObserver.onCompleted();
        } catch (IllegalArgumentException e) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
        } catch (StatusRuntimeException e) {
            responseObserver.onError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responseObserver.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
        }
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> responseObserver) {
        responseObserver.onNext(Describer.describe(cameras, encoders, subscriberLimit));
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<PublishRequest> publish(StreamObserver<PublishSummary> responseObserver) {
        return new PublishReceiver(cameras, responseObserver);
    }

    private static Variant variant(FrameHub hub, String encoder, int quality, io.camstream.protocol.v1.ColorMode color,
            int maxWidth, int maxHeight) {
        return hub.variant(encoder, quality, Describer.fromProto(color), maxWidth, maxHeight);
    }
}
