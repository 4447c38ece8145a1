package io.camstream.server;

import io.camstream.client.MessageLimits;
import io.camstream.client.WireFrames;
import io.camstream.hub.Camera;
import io.camstream.hub.Hub;
import io.camstream.hub.Variant;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.Executor;

/** The {@code camstream.v1.Camstream} service: requests checked and mapped, everything else the hub's. */
final class CamstreamService extends CamstreamGrpc.CamstreamImplBase {

    /** How long a snapshot waits for the first frame of a camera that has just started. */
    private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(5);

    private final Hub hub;
    private final Executor deliveryExecutor;

    CamstreamService(Hub hub, Executor deliveryExecutor) {
        this.hub = hub;
        this.deliveryExecutor = deliveryExecutor;
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<VideoFrame> responseObserver) {
        try {
            Camera camera = hub.camera(request.getCamera());
            Variant variant = hub.variant(request.getEncoder(), request.getQuality(),
                    WireFrames.fromProto(request.getColor()), request.getMaxWidth(), request.getMaxHeight());
            int maxBytes = MessageLimits.declared(request.getMaxMessageBytes());
            if (request.getMaxFps() < 0 || Double.isNaN(request.getMaxFps())) {
                throw new IllegalArgumentException("max_fps must not be negative, got " + request.getMaxFps());
            }
            var delivery = new SubscribeDelivery(camera, (ServerCallStreamObserver<VideoFrame>) responseObserver,
                    deliveryExecutor, variant, MessageLimits.videoFrameData(maxBytes, camera.name()),
                    request.getMaxFps());
            delivery.deliverFrom(camera.subscribe(delivery::signal));
            delivery.endWhenRevoked();
        } catch (RuntimeException e) {
            responseObserver.onError(HubStatus.ofRequest(e).asRuntimeException());
        }
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<VideoFrame> responseObserver) {
        try {
            Camera camera = hub.camera(request.getCamera());
            Variant variant = hub.variant(request.getEncoder(), request.getQuality(),
                    WireFrames.fromProto(request.getColor()), request.getMaxWidth(), request.getMaxHeight());
            int maxBytes = MessageLimits.videoFrameData(MessageLimits.declared(request.getMaxMessageBytes()),
                    camera.name());
            responseObserver.onNext(SubscribeDelivery.videoFrame(camera.snapshot(variant, maxBytes, SNAPSHOT_WAIT), 0));
            responseObserver.onCompleted();
        } catch (RuntimeException e) {
            responseObserver.onError(HubStatus.ofRequest(e).asRuntimeException());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responseObserver.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
        }
    }

    @Override
    public void describe(DescribeRequest request, StreamObserver<DescribeResponse> responseObserver) {
        // Only the cameras the caller reaches: the others' names are not its business either.
        responseObserver.onNext(Describer.describe(hub, AccessControl.CALLER.get()::reaches));
        responseObserver.onCompleted();
    }

    @Override
    public StreamObserver<PublishRequest> publish(StreamObserver<PublishSummary> responseObserver) {
        return new PublishReceiver(hub, responseObserver);
    }
}
