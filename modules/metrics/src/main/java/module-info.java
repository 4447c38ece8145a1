/**
 * camstream's numbers for Prometheus: a {@link io.camstream.hub.Hub}'s counts (frames captured, encoded,
 * sent, skipped and adapted; viewers by protocol; sources up and their reconnects), encode times per
 * encoder, gRPC calls by method and status code, and the JVM's own metrics, in Prometheus' text format
 * through Prometheus' Java client ({@link io.camstream.metrics.CamstreamMetrics}). It serves nothing
 * itself: whoever has an HTTP server answers {@code /metrics} with it. No Prometheus type is part of its API.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.metrics {
    requires transitive io.camstream.hub;
    // Prometheus' jars are automatic modules (Automatic-Module-Name; the text writer's is io.prometheus.writer.text).
    requires io.prometheus.metrics.core;
    requires io.prometheus.metrics.model;
    requires io.prometheus.metrics.instrumentation.jvm;
    requires io.prometheus.writer.text;
    // The JVM metrics read the platform's MXBeans; an automatic module cannot say it needs them.
    requires java.management;

    exports io.camstream.metrics;
}
