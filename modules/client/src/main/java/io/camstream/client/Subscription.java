package io.camstream.client;

import io.grpc.stub.ClientCallStreamObserver;

/** A running {@code Subscribe} stream; closing it cancels the stream. */
public final class Subscription implements AutoCloseable {

    private volatile ClientCallStreamObserver<?> call;
    private volatile boolean cancelled;

    Subscription() {
    }

    void attach(ClientCallStreamObserver<?> call) {
        this.call = call;
        if (cancelled) {
            call.cancel("cancelled by the client", null);
        }
    }

    /** Stops receiving frames; the listener then gets {@code onEnd} with CANCELLED. */
    public void cancel() {
        cancelled = true;
        ClientCallStreamObserver<?> current = call;
        if (current != null) {
            current.cancel("cancelled by the client", null);
        }
    }

    @Override
    public void close() {
        cancel();
    }
}
