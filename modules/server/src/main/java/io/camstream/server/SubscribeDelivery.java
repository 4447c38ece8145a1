package io.camstream.server;

import io.camstream.capture.CaptureClock;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.RateLimit;
import io.camstream.hub.Variant;
import io.camstream.protocol.v1.VideoFrame;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;

/**
 * A v1 {@code Subscribe} stream: every frame the client can take, in its own variant, within its
 * message size limit and, if it asked, at most {@code maxFps} frames per second.
 */
final class SubscribeDelivery extends StreamDelivery<FrameMessage> {

    private final Camera camera;
    private final Variant variant;
    private final int maxDataBytes;
    private final RateLimit rate;

    SubscribeDelivery(Camera camera, ServerCallStreamObserver<FrameMessage> call, Executor executor, Variant variant,
            int maxDataBytes, double maxFps) {
        super(call, executor);
        this.camera = camera;
        this.variant = variant;
        this.maxDataBytes = maxDataBytes;
        this.rate = new RateLimit(maxFps);
    }

    @Override
    protected boolean wantsFrame() {
        return true;
    }

    /** Keeps to the maximum rate the client asked for, on a schedule (see {@link RateLimit}). */
    @Override
    protected boolean accepts(CapturedFrame frame) {
        return rate.accepts(frame);
    }

    /**
     * The frame's message, serialized once for all its subscribers but for what is this one's own
     * ({@link PreparedFrame}).
     */
    @Override
    protected Outgoing<FrameMessage> message(CapturedFrame frame, long skipped) {
        FittedFrame fitted = camera.encode(frame, variant, maxDataBytes);
        // Made right before it goes to gRPC (see StreamDelivery), so the time it is made is its send time;
        // one clock read per message.
        FrameMessage message = PreparedFrame.of(fitted.encoded())
                .forSubscriber(skipped, fitted.adapted(), CaptureClock.nowMicros());
        return new Outgoing<>(message, fitted.adapted(), message.size());
    }

    /**
     * A v1 message made afresh (a snapshot's), but for its send time; {@code skipped}: frames its
     * subscriber missed since its previous one.
     */
    static VideoFrame.Builder videoFrame(FittedFrame fitted, long skipped) {
        return PreparedFrame.sharedFields(fitted.encoded()).setSkipped(skipped).setAdapted(fitted.adapted());
    }
}
