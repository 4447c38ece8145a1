package io.camstream.transport;

import io.camstream.protocol.v1.VideoFrame;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.Executor;

/**
 * A v1 {@code Subscribe} stream: every frame the client can take, in its own variant, within its
 * message size limit and, if it asked, at most {@code maxFps} frames per second.
 */
final class SubscribeDelivery extends StreamDelivery<VideoFrame> {

    private final Variant variant;
    private final int maxDataBytes;
    private final long intervalMicros;
    private long nextDueMicros = Long.MIN_VALUE;

    SubscribeDelivery(FrameHub hub, ServerCallStreamObserver<VideoFrame> call, Executor executor, SubscriberLimit limit,
            Variant variant, int maxDataBytes, double maxFps) {
        super(hub, call, executor, limit);
        this.variant = variant;
        this.maxDataBytes = maxDataBytes;
        this.intervalMicros = maxFps > 0 ? (long) (1e6 / maxFps) : 0;
    }

    @Override
    protected boolean wantsFrame() {
        return true;
    }

    /**
     * Keeps to the maximum rate on a schedule, not by spacing each frame from the last: a 30 fps
     * camera watched at max 20 fps then delivers two frames of every three, not one of two. A
     * quarter interval of slack absorbs capture jitter; after a stall the schedule restarts rather
     * than bursting.
     */
    @Override
    protected boolean accepts(CapturedFrame frame) {
        if (intervalMicros == 0) {
            return true;
        }
        long capture = frame.frame().captureEpochMicros();
        boolean first = nextDueMicros == Long.MIN_VALUE;
        if (!first && capture < nextDueMicros - intervalMicros / 4) {
            return false;
        }
        nextDueMicros = first || capture - nextDueMicros > intervalMicros
                ? capture + intervalMicros
                : nextDueMicros + intervalMicros;
        return true;
    }

    @Override
    protected VideoFrame message(CapturedFrame frame, long skipped) {
        FitToLimit.Fitted<EncodedFrame> fitted = hub.encodeWithin(frame, variant, maxDataBytes);
        return fitted.encoded().toVideoFrame(skipped, fitted.adapted());
    }
}
