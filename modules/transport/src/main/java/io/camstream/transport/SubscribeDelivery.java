package io.camstream.transport;

import io.camstream.protocol.v1.VideoFrame;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;

/** A v1 {@code Subscribe} stream: every frame the client can take, in its own variant. */
final class SubscribeDelivery extends StreamDelivery<VideoFrame> {

    private final Variant variant;

    SubscribeDelivery(FrameHub hub, ServerCallStreamObserver<VideoFrame> call, Executor executor, Variant variant) {
        super(hub, call, executor);
        this.variant = variant;
    }

    @Override
    protected boolean wantsFrame() {
        return true;
    }

    @Override
    protected VideoFrame message(CapturedFrame frame, long skipped) {
        return hub.encode(frame, variant).toVideoFrame(skipped);
    }
}
