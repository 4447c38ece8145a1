package io.camstream.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Tells an observer how each call ended: its full method name ({@code camstream.v1.Camstream/Subscribe})
 * and status code name ({@code OK}, {@code NOT_FOUND}, ...), once per call. A call the server ends is
 * counted with the status it sent; one the client cancels (or whose connection drops) as
 * {@code CANCELLED}. Only methods the server has are seen: gRPC answers unknown ones itself, before any
 * interceptor, so a client cannot make up names for the observer to count.
 */
final class CallEnds implements ServerInterceptor {

    private static final System.Logger LOG = System.getLogger(CallEnds.class.getName());

    private final BiConsumer<String, String> observer;
    private final AtomicBoolean observerFailed = new AtomicBoolean();

    CallEnds(BiConsumer<String, String> observer) {
        this.observer = observer;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        AtomicBoolean ended = new AtomicBoolean();
        ServerCall<Q, R> watched = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                if (ended.compareAndSet(false, true)) {
                    observe(method, status.getCode().name());
                }
                super.close(status, trailers);
            }
        };
        return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(watched, headers)) {
            @Override
            public void onCancel() {
                if (ended.compareAndSet(false, true)) {
                    observe(method, Status.Code.CANCELLED.name());
                }
                super.onCancel();
            }
        };
    }

    /** An observer that fails costs its counts, never the call: logged once, then quietly. */
    private void observe(String method, String code) {
        try {
            observer.accept(method, code);
        } catch (RuntimeException e) {
            LOG.log(observerFailed.compareAndSet(false, true) ? Level.WARNING : Level.DEBUG,
                    "the call observer failed; calls go on", e);
        }
    }
}
