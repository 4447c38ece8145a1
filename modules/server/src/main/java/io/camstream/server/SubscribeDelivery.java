package io.camstream.server;

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
        return new Outgoing<>(videoFrame(fitted, skipped), fitted.adapted());
    }

    /** The v1 message for one subscriber; {@code skipped}: frames it missed since its previous one. */
    static VideoFrame videoFrame(FittedFrame fitted, long skipped) {
        EncodedFrame encoded = fitted.encoded();
        return WireFrames.videoFrame(encoded.frame(), encoded.image(), encoded.encoder(), encoded.quality(),
                encoded.camera()).setSkipped(skipped).setAdapted(fitted.adapted()).build();
    }
}
