package io.camstream.transport;

import io.camstream.encode.ColorMode;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The {@code camstream.v1.Camstream} service. */
final class CamstreamService extends CamstreamGrpc.CamstreamImplBase {

    /** The name of the one camera a server has for now; several named cameras come later. */
    static final String DEFAULT_CAMERA = "default";

    private final FrameHub hub;
    private final Executor deliveryExecutor;

    CamstreamService(FrameHub hub, Executor deliveryExecutor) {
        this.hub = hub;
        this.deliveryExecutor = deliveryExecutor;
    }

    @Override
    public void subscribe(SubscribeRequest request, StreamObserver<VideoFrame> responseObserver) {
        if (!request.getCamera().isEmpty() && !request.getCamera().equals(DEFAULT_CAMERA)) {
            responseObserver.onError(Status.NOT_FOUND.withDescription("no camera named '" + request.getCamera()
                    + "'; this server has: " + DEFAULT_CAMERA).asRuntimeException());
            return;
        }
        Variant variant;
        try {
            variant = hub.variant(request.getEncoder(), request.getQuality(), colorMode(request.getColor()));
        } catch (IllegalArgumentException e) {
            responseObserver.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        var call = (ServerCallStreamObserver<VideoFrame>) responseObserver;
        hub.subscribe(new SubscribeDelivery(hub, call, deliveryExecutor, variant));
    }

    private static ColorMode colorMode(io.camstream.protocol.v1.ColorMode color) {
        return switch (color) {
            case COLOR_MODE_GRAY -> ColorMode.GRAY;
            case COLOR_MODE_COLOR -> ColorMode.COLOR;
            case COLOR_MODE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
