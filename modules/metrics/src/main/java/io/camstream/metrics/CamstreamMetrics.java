package io.camstream.metrics;

import io.camstream.encode.EncoderOptions;
import io.camstream.hub.EncodeObserver;
import io.camstream.hub.Hub;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A camstream server's metrics in Prometheus' text format: what its hub counts, read at each scrape;
 * encode times per encoder and gRPC calls per method and status code, as they happen; and the JVM's
 * own. Encode times must be heard from the moment the hub encodes, so this exists before the hub:
 *
 * <pre>{@code
 * CamstreamMetrics metrics = new CamstreamMetrics();
 * CamstreamServer server = CamstreamServer.builder(source)
 *         .encodeObserver(metrics)                 // or Hub.builder().encodeObserver(metrics)
 *         .callObserver(metrics::callEnded)
 *         .start();
 * metrics.bind(server.hub());
 * // GET /metrics: Content-Type metrics.contentType(), body metrics.write(out)
 * }</pre>
 *
 * <p>Each instance keeps its own registry, so several (servers in one JVM, tests) never see each other's
 * counts. Thread-safe.
 */
public final class CamstreamMetrics implements EncodeObserver {

    /**
     * Encoding 160x120 to 4K: from a tenth of a millisecond to a second or so; 640x480 takes about 1 ms
     * here, so the buckets are finest around it.
     */
    private static final double[] ENCODE_SECONDS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final HubFamilies hub = new HubFamilies();
    private final Histogram encodeSeconds;
    private final ConcurrentMap<String, DistributionDataPoint> encodeSecondsByEncoder = new ConcurrentHashMap<>();
    private final Counter grpcCalls;

    /** Metrics with no hub bound yet ({@link #bind}): until then the hub's families are empty. */
    public CamstreamMetrics() {
        hub.register(registry);
        encodeSeconds = Histogram.builder()
                .name("camstream_encode_seconds")
                .unit(Unit.SECONDS)
                .help("Time an encoder took to encode one frame (gray conversion included, scaling not)")
                .labelNames("encoder")
                .classicOnly()
                .classicUpperBounds(ENCODE_SECONDS)
                .register(registry);
        grpcCalls = Counter.builder()
                .name("camstream_grpc_calls")
                .help("gRPC calls ended, by full method name and status code (CANCELLED: the client left)")
                .labelNames("method", "code")
                .register(registry);
        JvmMetrics.builder().register(registry);
    }

    /**
     * Metrics of that hub, without encode times (those are heard only by metrics given to the hub's
     * builder as its encode observer, see the example above).
     */
    public static CamstreamMetrics of(Hub hub) {
        return new CamstreamMetrics().bind(hub);
    }

    /**
     * Reads that hub's counts at every scrape from now on.
     *
     * @return this
     * @throws IllegalStateException when a hub is bound already
     */
    public CamstreamMetrics bind(Hub hub) {
        this.hub.bind(Objects.requireNonNull(hub, "hub"));
        return this;
    }

    /** One encode's duration, for the histogram of its encoder; on the encoding thread, so it only adds. */
    @Override
    public void encoded(String camera, String encoder, EncoderOptions options, long nanos, int bytes) {
        encodeSecondsByEncoder.computeIfAbsent(encoder, name -> encodeSeconds.labelValues(name))
                .observe(Unit.nanosToSeconds(nanos));
    }

    /**
     * One gRPC call ended: a {@code CamstreamServer.Builder.callObserver}.
     *
     * @param method its full name, e.g. {@code camstream.v1.Camstream/Subscribe}
     * @param code its status code's name, e.g. {@code OK}, {@code NOT_FOUND}
     */
    public void callEnded(String method, String code) {
        grpcCalls.labelValues(method, code).inc();
    }

    /** The scrape's {@code Content-Type}: Prometheus' text format, version 0.0.4, UTF-8. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric, read now, in Prometheus' text format; leaves {@code out} open. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, scrape());
    }

    /** One scrape at a time, so every family of the hub's is read from the same reading of its counts. */
    private synchronized MetricSnapshots scrape() {
        hub.read();
        return registry.scrape();
    }
}
