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
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The generated service, but that {@code Subscribe} sends {@link FrameMessage}s: the same bytes on the
     * wire, serialized once per frame for all its subscribers instead of once per subscriber.
     */
    ServerServiceDefinition definition() {
        ServerServiceDefinition generated = bindService();
        MethodDescriptor<SubscribeRequest, VideoFrame> subscribe = CamstreamGrpc.getSubscribeMethod();
        MethodDescriptor<SubscribeRequest, FrameMessage> shared = subscribe
                .toBuilder(subscribe.getRequestMarshaller(), FrameMessage.MARSHALLER).build();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(CamstreamGrpc.SERVICE_NAME)
                .setSchemaDescriptor(generated.getServiceDescriptor().getSchemaDescriptor())
                .addMethod(shared);
        List<ServerMethodDefinition<?, ?>> others = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : generated.getMethods()) {
            if (method.getMethodDescriptor() != subscribe) {
                descriptor.addMethod(method.getMethodDescriptor());
                others.add(method);
            }
        }
        ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build())
                .addMethod(shared, ServerCalls.asyncServerStreamingCall(this::subscribeShared));
        others.forEach(definition::addMethod);
        return definition.build();
    }

    private void subscribeShared(SubscribeRequest request, StreamObserver<FrameMessage> responseObserver) {
        try {
            Camera camera = hub.camera(ClientText.echo(request.getCamera()));
            Variant variant = hub.variant(ClientText.echo(request.getEncoder()), request.getQuality(),
                    WireFrames.fromProto(request.getColor()), request.getMaxWidth(), request.getMaxHeight());
            int maxBytes = MessageLimits.declaredOnWire(request.getMaxMessageBytes());
            if (request.getMaxFps() < 0 || Double.isNaN(request.getMaxFps())) {
                throw new IllegalArgumentException("max_fps must not be negative, got " + request.getMaxFps());
            }
            var delivery = new SubscribeDelivery(camera, (ServerCallStreamObserver<FrameMessage>) responseObserver,
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
