package io.camstream.transport;

import io.grpc.Status;

/** Someone the hub hands new frames to. Both calls must return at once: the capture thread calls them. */
interface FrameSubscriber {

    /** A newer frame is available; it replaces any frame this subscriber has not sent yet. */
    void offer(CapturedFrame frame);

    /** The hub is going away: end the stream with this status. */
    void close(Status status);
}
