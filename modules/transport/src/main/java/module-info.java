/**
 * camstream over gRPC: the server (the {@code camstream.v1} API and the original sample's
 * {@code MainServer}), the hub that captures once and encodes each frame once per variant however
 * many clients watch, and the client library for both services.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.transport {
    requires transitive io.camstream.protocol;
    requires transitive io.camstream.encode;
    requires io.grpc.netty.shaded;
    requires io.grpc.services;
    // Netty (shaded inside grpc-netty-shaded) uses sun.misc.Unsafe for direct buffers; without this
    // module in the layer it falls back to slower heap buffers and says so at start-up.
    requires jdk.unsupported;

    exports io.camstream.transport;

    provides io.camstream.capture.spi.SourceProvider with io.camstream.transport.RelaySourceProvider;
}
