package io.camstream.server;

import io.camstream.client.MessageLimits;
import io.camstream.encode.ColorMode;
import io.camstream.hub.Camera;
import io.camstream.hub.Hub;
import io.camstream.hub.HubException;
import io.camstream.hub.Variant;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The original sample's {@code MainServer} service, so its Python client can watch camstream. */
final class LegacyService extends MainServerGrpc.MainServerImplBase {

    /** What the hub counts the original sample's viewers under. */
    static final String PROTOCOL = "legacy";

    private final Camera camera;
    private final Executor deliveryExecutor;
    private final Variant variant;
    private final LegacyPayload payload;

    /**
     * Serves the hub's first camera: the sample's protocol cannot name another. Its client knows
     * nothing of options: it gets the server's encoder and quality, in gray, with the payload of the
     * sample's version this server serves.
     */
    LegacyService(Hub hub, Executor deliveryExecutor, LegacyPayload payload) {
        this.camera = hub.defaultCamera();
        this.payload = payload;
        this.variant = hub.variant("", 0, ColorMode.GRAY, 0, 0);
        this.deliveryExecutor = deliveryExecutor;
    }

    @Override
    public StreamObserver<Request> getStream(StreamObserver<Reply> responseObserver) {
        // The sample's clients keep gRPC's default 4 MiB limit, and a base64 payload counts against it.
        var delivery = new LegacyDelivery(camera, (ServerCallStreamObserver<Reply>) responseObserver, deliveryExecutor,
                variant, payload, MessageLimits.DEFAULT_BYTES);
        try {
            delivery.deliverFrom(camera.subscribe(PROTOCOL, null, delivery::signal));
            delivery.endWhenRevoked();
        } catch (HubException e) {
            responseObserver.onError(HubStatus.of(e).asRuntimeException());
            return new StreamObserver<>() {
                @Override
                public void onNext(Request request) {
                    // refused: nothing will be sent
                }

                @Override
                public void onError(Throwable t) {
                    // refused already
                }

                @Override
                public void onCompleted() {
                    // refused already
                }
            };
        }
        return delivery;
    }
}
