/**
 * The HTTP face of a camstream hub: MJPEG streams and snapshots (also in mjpg-streamer's and
 * µStreamer's forms, so browsers, ffmpeg and their clients play them), the cameras' state as JSON, a
 * live page, health and readiness for probes, and a place for a metrics page. Each stream drains a
 * hub mailbox with one write in flight, latest frame wins, exactly as the gRPC side does. Built on
 * Jetty's core API; no gRPC in sight. Start one with {@link io.camstream.http.CamstreamHttp#builder}.
 */
module io.camstream.http {
    requires transitive io.camstream.hub;
    requires com.google.gson;
    requires org.eclipse.jetty.server;

    exports io.camstream.http;
}
