/**
 * The {@code camstream} command: {@code server}, {@code view}, {@code publish}, {@code snapshot},
 * {@code record}, {@code encoders} and {@code sources}, on top of the server, HTTP, metrics, client, hub,
 * capture and encode modules; {@code record} muxes with FFmpeg's {@code avformat} through JavaCPP's preset.
 * Encoder and source plugins are not required here: whichever are on the module path are found through {@code ServiceLoader}.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.cli {
    requires io.camstream.server;
    requires io.camstream.http;
    requires io.camstream.metrics;
    requires io.camstream.nats;
    requires io.camstream.client;
    requires io.camstream.capture;
    requires io.camstream.encode;
    requires info.picocli;
    requires com.google.gson;
    requires org.bytedeco.ffmpeg;
    requires org.bytedeco.javacpp;
    requires java.desktop;
    requires java.logging;

    // picocli fills the annotated fields reflectively.
    opens io.camstream.cli to info.picocli;
}
