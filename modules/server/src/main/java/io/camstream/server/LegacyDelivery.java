package io.camstream.server;

import com.google.protobuf.UnsafeByteOperations;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.Variant;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A legacy {@code MainServer.getStream} call: one {@link Reply} per {@link Request}, each the base64
 * of a grayscale JPEG, as the original sample's {@code Client.py} expects.
 *
 * <p>The first reply of a call is the newest frame, at once. Within one long-lived call each further
 * reply waits for a frame newer than the previous reply, so a fast client gets the camera's rate
 * instead of copies of the same picture (the original server sent ~9 copies of each frame). The
 * sample's client opens a new call per frame, so it still gets the newest frame every time.
 */
final class LegacyDelivery extends StreamDelivery<Reply> implements StreamObserver<Request> {

    private final Camera camera;
    private final Variant variant;
    private final int maxJpegBytes;
    private final AtomicLong requestsPending = new AtomicLong();
    private volatile boolean clientDone;

    LegacyDelivery(Camera camera, ServerCallStreamObserver<Reply> call, Executor executor, Variant variant,
            int maxJpegBytes) {
        super(call, executor);
        this.camera = camera;
        this.variant = variant;
        this.maxJpegBytes = maxJpegBytes;
    }

    @Override
    public void onNext(Request request) {
        requestsPending.incrementAndGet();
        signal();
    }

    @Override
    public void onError(Throwable t) {
        // The client went away; the cancel handler already ends the delivery.
    }

    @Override
    public void onCompleted() {
        clientDone = true;
        signal();
    }

    @Override
    protected boolean wantsFrame() {
        return requestsPending.get() > 0;
    }

    @Override
    protected boolean completeWhenIdle() {
        return clientDone && requestsPending.get() == 0;
    }

    @Override
    protected Reply message(CapturedFrame frame, long skipped) {
        byte[] base64 = camera.encode(frame, variant, maxJpegBytes).encoded().base64();
        return Reply.newBuilder().setDatas(UnsafeByteOperations.unsafeWrap(base64)).build();
    }

    @Override
    protected void sent() {
        requestsPending.decrementAndGet();
    }
}
