/**
 * camstream over gRPC: {@link io.camstream.server.CamstreamServer} serves a
 * {@link io.camstream.hub.Hub}'s cameras over the {@code camstream.v1} API and the original sample's
 * {@code MainServer}, with standard health checking and reflection. Each stream is a thin delivery
 * from a hub mailbox to a gRPC call.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.server {
    requires transitive io.camstream.hub;
    requires transitive io.camstream.client;
    requires io.grpc.netty.shaded;
    requires io.grpc.services;
    requires jdk.unsupported;

    exports io.camstream.server;
}
