package io.camstream.client;

import io.camstream.protocol.v1.VideoFrame;
import io.grpc.Status;

/**
 * Receives a subscription's frames, one at a time on a gRPC thread. The next frame is not requested
 * until {@link #onFrame} returns, so a slow listener slows only its own stream (the server skips
 * frames for it) and never builds a queue.
 */
public interface FrameListener {

    void onFrame(VideoFrame frame);

    /** The stream ended: {@link Status#isOk()} when the server completed it, else why it failed. */
    void onEnd(Status status);
}
