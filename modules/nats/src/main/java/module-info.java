/**
 * camstream on NATS: {@link io.camstream.nats.NatsOrigin} publishes a {@link io.camstream.hub.Hub}'s
 * cameras to NATS subjects, each frame once, as {@code camstream.v1.VideoFrame}s any NATS client can read
 * (subjects and format: {@link io.camstream.nats.NatsSubjects}). No gRPC server is involved. The
 * {@code nats://HOST:PORT/CAMERA} source ({@link io.camstream.nats.NatsSourceProvider}) watches such a camera:
 * a server with it is an edge.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.nats {
    requires transitive io.camstream.hub;
    requires io.camstream.client;
    // jnats is an automatic module (Automatic-Module-Name io.nats.jnats).
    requires io.nats.jnats;

    exports io.camstream.nats;

    provides io.camstream.capture.spi.SourceProvider with io.camstream.nats.NatsSourceProvider;
}
