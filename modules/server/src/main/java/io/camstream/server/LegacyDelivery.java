package io.camstream.server;

import com.google.protobuf.UnsafeByteOperations;
import io.camstream.client.MessageLimits;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.EncodedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.Variant;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A legacy {@code MainServer.getStream} call, in either version of the original sample ({@link LegacyPayload}):
 * one {@link Reply} per {@link Request}, each the base64 of a grayscale JPEG, as the blog's {@code Client.py}
 * expects; or, for the repository's later {@code Client.py}, the JPEG's own bytes, one per new frame from the
 * first request on, until the client cancels.
 *
 * <p>The first reply of a call is the newest frame, at once. Within one long-lived call each further
 * reply waits for a frame newer than the previous reply, so a fast client gets the camera's rate
 * instead of copies of the same picture (the original server sent ~9 copies of each frame). The
 * blog's client opens a new call per frame, so it still gets the newest frame every time.
 */
final class LegacyDelivery extends StreamDelivery<Reply> implements StreamObserver<Request> {

    private final Camera camera;
    private final Variant variant;
    private final LegacyPayload payload;
    private final int maxJpegBytes;
    private final AtomicLong requestsPending = new AtomicLong();
    private volatile boolean clientDone;

    /** @param maxMessageBytes the largest reply the client accepts, the payload's encoding included */
    LegacyDelivery(Camera camera, ServerCallStreamObserver<Reply> call, Executor executor, Variant variant,
            LegacyPayload payload, int maxMessageBytes) {
        super(call, executor);
        this.camera = camera;
        this.variant = variant;
        this.payload = payload;
        this.maxJpegBytes = payload == LegacyPayload.BASE64 ? MessageLimits.legacyJpeg(maxMessageBytes)
                : MessageLimits.legacyRawJpeg(maxMessageBytes);
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
        // The later sample's stream runs until its client cancels, whether or not it half-closed.
        return payload == LegacyPayload.BASE64 && clientDone && requestsPending.get() == 0;
    }

    @Override
    protected Outgoing<Reply> message(CapturedFrame frame, long skipped) {
        FittedFrame fitted = camera.encode(frame, variant, maxJpegBytes);
        EncodedFrame encoded = fitted.encoded();
        byte[] datas = payload == LegacyPayload.BASE64 ? encoded.base64() : encoded.data();
        Reply reply = Reply.newBuilder().setDatas(UnsafeByteOperations.unsafeWrap(datas)).build();
        // The size is computed once per message and kept: gRPC's marshaller asks for it too.
        return new Outgoing<>(reply, fitted.adapted(), reply.getSerializedSize());
    }

    @Override
    protected void sent() {
        // One reply per request in the blog's version; the later one's first request asked for them all.
        if (payload == LegacyPayload.BASE64) {
            requestsPending.decrementAndGet();
        }
    }
}
