package io.camstream.transport;

import io.camstream.encode.ColorMode;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The original sample's {@code MainServer} service, so its Python client can watch camstream. */
final class LegacyService extends MainServerGrpc.MainServerImplBase {

    private final FrameHub hub;
    private final Executor deliveryExecutor;
    private final Variant variant;

    LegacyService(FrameHub hub, Executor deliveryExecutor) {
        this.hub = hub;
        this.deliveryExecutor = deliveryExecutor;
        // The sample's client knows nothing of options: it gets the server's encoder and quality, in gray.
        this.variant = hub.variant("", 0, ColorMode.GRAY);
    }

    @Override
    public StreamObserver<Request> getStream(StreamObserver<Reply> responseObserver) {
        var delivery = new LegacyDelivery(hub, (ServerCallStreamObserver<Reply>) responseObserver, deliveryExecutor, variant);
        hub.subscribe(delivery);
        return delivery;
    }
}
