/**
 * The wire formats of camstream, generated from {@code proto/}: the {@code camstream.v1} API and the
 * original sample's {@code MainServer} service, so clients can depend on the protocol alone.
 */
// Its API is protobuf and gRPC types, so those automatic modules are passed on to every user.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module io.camstream.protocol {
    requires transitive com.google.protobuf;
    requires transitive io.grpc;
    requires transitive io.grpc.protobuf;
    requires transitive io.grpc.stub;
    // The generated future stubs of unary calls return Guava's ListenableFuture.
    requires transitive com.google.common;

    exports io.camstream.protocol.v1;
    exports io.camstream.protocol.legacy;
}
