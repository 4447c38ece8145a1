package io.camstream.http;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.camstream.capture.SourceInfo;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.hub.Camera;
import io.camstream.hub.CameraStats;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.Hub;
import io.camstream.hub.Variant;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What /state answers: the server's cameras and how they are watched, as JSON. Each camera's entry is
 * built in {@link #camera}, the one place to add more figures to.
 */
final class StateJson {

    private final Hub hub;
    private final String version;

    StateJson(Hub hub, String version) {
        this.hub = hub;
        this.version = version;
    }

    /**
     * The state now, with each camera's latency (its newest frame's age) measured by {@code clock}, read
     * after that frame: a clock read before could predate a frame captured meanwhile, an age below 0.
     */
    JsonObject state(LongSupplier nowEpochMicros) {
        JsonObject state = new JsonObject();
        state.addProperty("version", version);
        JsonArray cameras = new JsonArray();
        for (Camera camera : hub.cameras()) {
            cameras.add(camera(camera, nowEpochMicros));
        }
        state.add("cameras", cameras);
        JsonArray encoders = new JsonArray();
        for (EncoderProvider provider : hub.encoders().all()) {
            if (provider.availability().available()) {
                JsonObject encoder = new JsonObject();
                encoder.addProperty("name", provider.name());
                encoder.addProperty("default", provider.name().equals(hub.defaultVariant().encoder()));
                encoders.add(encoder);
            }
        }
        state.add("encoders", encoders);
        state.add("default_variant", variant(hub.defaultVariant()));
        return state;
    }

    private JsonObject camera(Camera camera, LongSupplier nowEpochMicros) {
        SourceInfo info = camera.info();
        CapturedFrame latest = camera.latest();
        JsonObject entry = new JsonObject();
        entry.addProperty("name", camera.name());
        entry.addProperty("source", info.description());
        entry.addProperty("width", info.width());
        entry.addProperty("height", info.height());
        entry.addProperty("fps", info.fps());
        entry.addProperty("live", camera.isLive());
        entry.addProperty("status", camera.isLive() ? "up" : "no signal");
        entry.addProperty("published", camera.isPublished());
        CameraStats stats = camera.stats();
        JsonObject watching = new JsonObject();
        stats.viewersByProtocol().forEach(watching::addProperty);
        watching.addProperty("total", stats.viewers());
        entry.add("viewers", watching);
        JsonObject frames = new JsonObject();
        frames.addProperty("captured", stats.framesCaptured());
        frames.addProperty("no_signal", stats.noSignalFrames());
        frames.addProperty("encoded", stats.framesEncoded());
        frames.addProperty("sent", stats.framesSent());
        frames.addProperty("skipped", stats.framesSkipped());
        if (latest != null) {
            frames.addProperty("latest_sequence", latest.sequence());
        }
        entry.add("frames", frames);
        entry.addProperty("reconnects", stats.reconnects());
        if (latest != null) {
            double ageMillis = (nowEpochMicros.getAsLong() - latest.frame().captureEpochMicros()) / 1000.0;
            entry.addProperty("latency_ms", Math.round(ageMillis * 10) / 10.0);
        }
        String query = "?camera=" + URLEncoder.encode(camera.name(), StandardCharsets.UTF_8);
        entry.addProperty("stream", "/stream" + query);
        entry.addProperty("snapshot", "/snapshot" + query);
        return entry;
    }

    private static JsonObject variant(Variant variant) {
        JsonObject entry = new JsonObject();
        entry.addProperty("encoder", variant.encoder());
        entry.addProperty("quality", variant.options().quality());
        entry.addProperty("color", variant.options().color().name().toLowerCase(Locale.ROOT));
        entry.addProperty("passthrough", variant.acceptsSourceJpeg());
        return entry;
    }
}
