/**
 * Watching camstream over gRPC: {@link io.camstream.client.CamstreamClient} for the
 * {@code camstream.v1} API and the original sample's {@code MainServer}, the
 * {@link io.camstream.client.Publisher} that pushes frames into a hub, the {@code grpc://} relay
 * source, and {@link io.camstream.client.WireFrames}, the one mapping between camstream's frames and
 * the wire, which servers share.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.client {
    requires transitive io.camstream.protocol;
    requires transitive io.camstream.encode;
    requires io.grpc.netty.shaded;
    // Netty (shaded inside grpc-netty-shaded) uses sun.misc.Unsafe for direct buffers; without this
    // module in the layer it falls back to slower heap buffers and says so at start-up.
    requires jdk.unsupported;

    exports io.camstream.client;

    provides io.camstream.capture.spi.SourceProvider with io.camstream.client.RelaySourceProvider;
}
