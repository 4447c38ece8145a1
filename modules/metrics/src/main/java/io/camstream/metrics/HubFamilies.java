package io.camstream.metrics;

import io.camstream.hub.CameraStats;
import io.camstream.hub.Hub;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.ToDoubleFunction;

/**
 * The families read from a hub's {@link CameraStats} at each scrape. The hub counts anyway (for its own
 * status page too), so nothing here runs on the hot path: a scrape reads each camera once
 * ({@link #read()}) and every family reports from that reading.
 */
final class HubFamilies {

    private final AtomicReference<Hub> hub = new AtomicReference<>();
    /** The reading the families report; written and read only inside one scrape at a time. */
    private List<CameraStats> cameras = List.of();

    void bind(Hub bound) {
        if (!hub.compareAndSet(null, bound)) {
            throw new IllegalStateException("these metrics already read a hub");
        }
    }

    /** Reads every camera's counts, for the families to report in the scrape that follows. */
    void read() {
        Hub bound = hub.get();
        cameras = bound == null ? List.of() : bound.stats();
    }

    void register(PrometheusRegistry registry) {
        perCamera(registry, "camstream_frames_captured", "Real frames captured from the camera's source",
                CameraStats::framesCaptured);
        perCamera(registry, "camstream_no_signal_frames",
                "NO SIGNAL pictures the camera sent while its source was down", CameraStats::noSignalFrames);
        perCamera(registry, "camstream_source_reconnects",
                "Times the camera's source came back after going down", CameraStats::reconnects);
        GaugeWithCallback.builder()
                .name("camstream_source_up")
                .help("1 while the camera's source delivers real frames, 0 while it is down, silent or not yet open")
                .labelNames("camera")
                .callback(callback -> cameras.forEach(camera -> callback.call(camera.live() ? 1 : 0, camera.camera())))
                .register(registry);
        CounterWithCallback.builder()
                .name("camstream_frames_encoded")
                .help("Frames encoded, by encoder, JPEG quality and colour mode (once per variant, not per viewer)")
                .labelNames("camera", "encoder", "quality", "color")
                .callback(callback -> cameras.forEach(camera -> camera.encodes().forEach(count -> callback.call(
                        count.frames(), camera.camera(), count.encoder(), String.valueOf(count.quality()),
                        count.color().name().toLowerCase(Locale.ROOT)))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("camstream_viewers")
                .help("Viewers watching the camera now, by protocol")
                .labelNames("camera", "protocol")
                .callback(callback -> perProtocol((camera, protocol) ->
                        callback.call(protocol.viewers(), camera.camera(), protocol.protocol())))
                .register(registry);
        perProtocol(registry, "camstream_frames_sent", "Frames sent to viewers", CameraStats.ProtocolStats::framesSent);
        perProtocol(registry, "camstream_sent_bytes", "Bytes of the messages that carried frames to viewers",
                CameraStats.ProtocolStats::bytesSent);
        perProtocol(registry, "camstream_frames_skipped",
                "Frames viewers missed for being slower than the camera or asking for fewer",
                CameraStats.ProtocolStats::framesSkipped);
        perProtocol(registry, "camstream_frames_adapted",
                "Frames re-encoded smaller to fit a viewer's message limit", CameraStats.ProtocolStats::framesAdapted);
    }

    private void perCamera(PrometheusRegistry registry, String name, String help, ToDoubleFunction<CameraStats> count) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("camera")
                .callback(callback -> cameras.forEach(camera -> callback.call(count.applyAsDouble(camera),
                        camera.camera())))
                .register(registry);
    }

    private void perProtocol(PrometheusRegistry registry, String name, String help,
            ToDoubleFunction<CameraStats.ProtocolStats> count) {
        CounterWithCallback.builder()
                .name(name)
                .help(help)
                .labelNames("camera", "protocol")
                .callback(callback -> perProtocol((camera, protocol) ->
                        callback.call(count.applyAsDouble(protocol), camera.camera(), protocol.protocol())))
                .register(registry);
    }

    private void perProtocol(BiConsumer<CameraStats, CameraStats.ProtocolStats> report) {
        cameras.forEach(camera -> camera.protocols().forEach(protocol -> report.accept(camera, protocol)));
    }
}
