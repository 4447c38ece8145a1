package io.camstream.server;

import io.camstream.capture.CaptureClock;
import io.camstream.client.WireFrames;
import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.EncodedFrame;
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
final class SubscribeDelivery extends StreamDelivery<VideoFrame> {

    private final Camera camera;
    private final Variant variant;
    private final int maxDataBytes;
    private final RateLimit rate;

    SubscribeDelivery(Camera camera, ServerCallStreamObserver<VideoFrame> call, Executor executor, Variant variant,
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

    @Override
    protected Outgoing<VideoFrame> message(CapturedFrame frame, long skipped) {
        FittedFrame fitted = camera.encode(frame, variant, maxDataBytes);
        // Built right before it goes to gRPC (see StreamDelivery), so the time it is built is its send time;
        // one clock read per message.
        VideoFrame message = videoFrame(fitted, skipped)
                .setSendTime(WireFrames.timestamp(CaptureClock.nowMicros())).build();
        return new Outgoing<>(message, fitted.adapted());
    }

    /**
     * The v1 message for one subscriber, but for its send time; {@code skipped}: frames it missed since its
     * previous one.
     */
    static VideoFrame.Builder videoFrame(FittedFrame fitted, long skipped) {
        EncodedFrame encoded = fitted.encoded();
        VideoFrame.Builder message = WireFrames.videoFrame(encoded.frame(), encoded.image(), encoded.encoder(),
                encoded.quality(), encoded.camera()).setSkipped(skipped).setAdapted(fitted.adapted());
        return encoded.isPassthrough() ? message
                : WireFrames.withEncodeTimes(message, encoded.encodeStartMicros(), encoded.encodeEndMicros());
    }
}
