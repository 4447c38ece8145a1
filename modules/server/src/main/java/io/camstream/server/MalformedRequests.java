package io.camstream.server;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests that are not valid protobuf end with {@code INVALID_ARGUMENT}, and cost one log line a
 * minute however many arrive.
 *
 * <p>gRPC parses a request inside its own call machinery: a parse failure there escapes as an
 * exception, which ends the call with {@code UNKNOWN} "Application error processing RPC" and logs a
 * 30-line SEVERE stack trace ({@code io.grpc.internal.SerializingExecutor}) per request; 2,000
 * malformed requests wrote 5 MB. So each method's request marshaller is wrapped ({@link #tolerant})
 * to return null instead of throwing, and {@link #interceptor()}, the first to see each message,
 * ends a call whose message is null, telling the service the call is over as a cancellation would.
 */
final class MalformedRequests {

    private static final System.Logger LOG = System.getLogger(MalformedRequests.class.getName());
    private static final ThrottledLog REFUSED = new ThrottledLog(LOG, Level.INFO,
            "refused malformed requests (not valid protobuf)");

    private MalformedRequests() {
    }

    /** The same service, whose requests parse to null instead of throwing when they are malformed. */
    static ServerServiceDefinition tolerant(ServerServiceDefinition service) {
        ServiceDescriptor original = service.getServiceDescriptor();
        ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(original.getName())
                .setSchemaDescriptor(original.getSchemaDescriptor());
        // A service definition wants the very same method descriptor instances in its descriptor and its methods.
        List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            ServerMethodDefinition<?, ?> wrapped = tolerant(method);
            descriptor.addMethod(wrapped.getMethodDescriptor());
            methods.add(wrapped);
        }
        ServerServiceDefinition.Builder result = ServerServiceDefinition.builder(descriptor.build());
        methods.forEach(result::addMethod);
        return result.build();
    }

    /** Must be the outermost interceptor but for those that look at no message, so nothing else sees a null. */
    static ServerInterceptor interceptor() {
        return Refuser.INSTANCE;
    }

    private static <Q, R> ServerMethodDefinition<Q, R> tolerant(ServerMethodDefinition<Q, R> method) {
        MethodDescriptor<Q, R> descriptor = method.getMethodDescriptor();
        MethodDescriptor<Q, R> wrapped = descriptor.toBuilder(new NullOnFailure<>(descriptor.getRequestMarshaller()),
                descriptor.getResponseMarshaller()).build();
        return ServerMethodDefinition.create(wrapped, method.getServerCallHandler());
    }

    /** A request marshaller that answers null for bytes its delegate cannot parse. */
    private record NullOnFailure<T>(MethodDescriptor.Marshaller<T> delegate) implements MethodDescriptor.Marshaller<T> {
        @Override
        public InputStream stream(T value) {
            return delegate.stream(value);
        }

        @Override
        public T parse(InputStream stream) {
            try {
                return delegate.parse(stream);
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /** Ends a call whose message did not parse, before any interceptor or service sees it. */
    private enum Refuser implements ServerInterceptor {
        INSTANCE;

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            return new Guard<>(next.startCall(call, headers), call);
        }
    }

    private static final class Guard<Q, R> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final ServerCall<Q, R> call;
        private boolean refused;

        Guard(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call) {
            super(delegate);
            this.call = call;
        }

        @Override
        public void onMessage(Q message) {
            if (refused) {
                return;
            }
            if (message != null) {
                super.onMessage(message);
                return;
            }
            refused = true;
            String method = call.getMethodDescriptor().getFullMethodName();
            REFUSED.record(method + " from " + call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
            call.close(Status.INVALID_ARGUMENT.withDescription("the request to " + method
                    + " is not a valid protobuf message of its type"), new Metadata());
            // The service may already hold resources for this call (a streaming call subscribes at once):
            // it learns that the call is over as it would from a cancellation, and hears nothing more.
            super.onCancel();
        }

        @Override
        public void onHalfClose() {
            if (!refused) {
                super.onHalfClose();
            }
        }

        @Override
        public void onReady() {
            if (!refused) {
                super.onReady();
            }
        }

        @Override
        public void onComplete() {
            if (!refused) {
                super.onComplete();
            }
        }

        @Override
        public void onCancel() {
            if (!refused) {
                super.onCancel();
            }
        }
    }
}
