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
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The {@code camstream.v1.Camstream} service: requests checked and mapped, everything else the hub's. */
final class CamstreamService extends CamstreamGrpc.CamstreamImplBase {

    /** What the hub counts {@code Subscribe} viewers under. */
    static final String PROTOCOL = "grpc";

    private final Hub hub;
    private final Executor deliveryExecutor;
    private final SnapshotWaits snapshots;

    /**
     * Camera and encoder names are looked up {@link ClientText#echo cut}: no longer one exists, and the
     * hub's refusal quotes what it was given.
     */
    CamstreamService(Hub hub, Executor deliveryExecutor, SnapshotWaits snapshots) {
        this.hub = hub;
        this.deliveryExecutor = deliveryExecutor;
        this.snapshots = snapshots;
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<VideoFrame> responseObserver) {
        try {
            Camera camera = hub.camera(ClientText.echo(request.getCamera()));
            Variant variant = hub.variant(ClientText.echo(request.getEncoder()), request.getQuality(),
                    WireFrames.fromProto(request.getColor()), request.getMaxWidth(), request.getMaxHeight());
            int maxBytes = MessageLimits.declaredOnWire(request.getMaxMessageBytes());
            if (request.getMaxFps() < 0 || Double.isNaN(request.getMaxFps())) {
                throw new IllegalArgumentException("max_fps must not be negative, got " + request.getMaxFps());
            }
            var delivery = new SubscribeDelivery(camera, (ServerCallStreamObserver<VideoFrame>) responseObserver,
                    deliveryExecutor, variant, MessageLimits.videoFrameData(maxBytes, camera.name()),
                    request.getMaxFps());
            delivery.deliverFrom(camera.subscribe(PROTOCOL, variant, delivery::signal));
            delivery.endWhenRevoked();
        } catch (RuntimeException e) {
            responseObserver.onError(HubStatus.ofRequest(e).asRuntimeException());
        }
    }

    @Override
    public void snapshot(SnapshotRequest request, StreamObserver<VideoFrame> responseObserver) {
        try {
            Camera camera = hub.camera(ClientText.echo(request.getCamera()));
            Variant variant = hub.variant(ClientText.echo(request.getEncoder()), request.getQuality(),
                    WireFrames.fromProto(request.getColor()), request.getMaxWidth(), request.getMaxHeight());
            int maxBytes = MessageLimits.videoFrameData(MessageLimits.declaredOnWire(request.getMaxMessageBytes()),
                    camera.name());
            snapshots.answer(camera, variant, maxBytes, responseObserver);
        } catch (RuntimeException e) {
            responseObserver.onError(HubStatus.ofRequest(e).asRuntimeException());
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
