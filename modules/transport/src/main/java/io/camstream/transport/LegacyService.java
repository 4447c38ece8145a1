package io.camstream.transport;

import io.camstream.encode.ColorMode;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The original sample's {@code MainServer} service, so its Python client can watch camstream. */
final class LegacyService extends MainServerGrpc.MainServerImplBase {

    private final FrameHub hub;
    private final Executor deliveryExecutor;
    private final SubscriberLimit subscriberLimit;
    private final Variant variant;

    /** Serves {@code hub}, the server's first camera: the sample's protocol cannot name another. */
    LegacyService(FrameHub hub, Executor deliveryExecutor, SubscriberLimit subscriberLimit) {
        this.hub = hub;
        this.deliveryExecutor = deliveryExecutor;
        this.subscriberLimit = subscriberLimit;
        // The sample's client knows nothing of options: it gets the server's encoder and quality, in gray.
        this.variant = hub.variant("", 0, ColorMode.GRAY, 0, 0);
    }

    @Override
    public StreamObserver<Request> getStream(StreamObserver<Reply> responseObserver) {
        if (!subscriberLimit.tryAcquire()) {
            responseObserver.onError(Status.RESOURCE_EXHAUSTED.withDescription("this server already has its maximum of "
                    + subscriberLimit.max() + " subscribers; try again later").asRuntimeException());
            return new StreamObserver<>() {
                @Override
                public void onNext(Request request) {
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                }
            };
        }
        // The sample's clients keep gRPC's default 4 MiB limit, and the base64 counts against it.
        var delivery = new LegacyDelivery(hub, (ServerCallStreamObserver<Reply>) responseObserver, deliveryExecutor,
                subscriberLimit, variant, MessageLimits.legacyJpeg(MessageLimits.DEFAULT_BYTES));
        hub.subscribe(delivery);
        return delivery;
    }
}
