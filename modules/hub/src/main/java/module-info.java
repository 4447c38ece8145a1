/**
 * camstream's cameras, with no network in sight: each camera captures once under supervision (NO
 * SIGNAL frames while its source is down), keeps the newest frame, encodes it once per variant that
 * someone wants and within each subscriber's size limit, and hands it to subscribers through
 * one-slot latest-wins mailboxes. The gRPC server, and any other way of watching, is an adapter over
 * {@link io.camstream.hub.Hub}.
 */
module io.camstream.hub {
    requires transitive io.camstream.capture;
    requires transitive io.camstream.encode;

    exports io.camstream.hub;
}
