package io.camstream.nats;

import io.camstream.capture.TestPatternSource;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.hub.Hub;
import java.util.List;

/** Started hubs with one test-pattern camera, encoded by ImageIO (no natives needed): what origins publish here. */
final class PatternHubs {

    private PatternHubs() {
    }

    static Hub start(String camera, int width, int height, double fps, EncoderOptions options) {
        Hub hub = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).options(options)
                .camera(camera, new TestPatternSource(width, height, fps)).build();
        hub.start();
        return hub;
    }

    /** 320x240 at {@code fps}, the default encoder options. */
    static Hub start(String camera, double fps) {
        return start(camera, 320, 240, fps, EncoderOptions.defaults());
    }
}
