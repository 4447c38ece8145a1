/**
 * camstream over gRPC: {@link io.camstream.server.CamstreamServer} serves a
 * {@link io.camstream.hub.Hub}'s cameras over the {@code camstream.v1} API and the original sample's
 * {@code MainServer}, with standard health checking and reflection, TLS and mutual TLS, and access
 * control by token or client certificate ({@link io.camstream.server.auth}). Each stream is a thin delivery
 * from a hub mailbox to a gRPC call.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.server {
    requires transitive io.camstream.hub;
    requires transitive io.camstream.client;
    requires io.grpc.netty.shaded;
    requires io.grpc.services;
    // Reloadable TLS key and trust managers, and PEM reading.
    requires io.grpc.util;
    // gRPC and Netty log through java.util.logging: their noise about clients' mistakes is filtered there.
    requires java.logging;
    // Reading a client certificate's common name.
    requires java.naming;
    requires jdk.unsupported;

    exports io.camstream.server;
    exports io.camstream.server.auth;
}
