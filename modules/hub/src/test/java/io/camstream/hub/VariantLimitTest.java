package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camstream.capture.TestPatternSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A camera encodes each frame in a bounded number of ways: sizes snap to the ladder, and the encoder,
 * quality and colour combinations its subscribers watch at once are capped, so a client asking for a
 * hundred qualities cannot have every frame encoded a hundred times.
 */
@Timeout(30)
class VariantLimitTest {

    @Test
    void aNewCombinationPastTheLimitIsRefusedNamingTheOnesInUse() {
        try (Hub hub = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).maxVariants(2)
                .camera("door", new TestPatternSource(320, 240, 15)).build()) {
            Camera camera = hub.camera("door");
            Mailbox gray80 = camera.subscribe("grpc", hub.variant("imageio", 80, ColorMode.GRAY, 0, 0), () -> { });
            Mailbox color90 = camera.subscribe("grpc", hub.variant("imageio", 90, ColorMode.COLOR, 0, 0), () -> { });
            // The same combination at another size adds no encoder: the ladder bounds sizes already.
            Mailbox smaller = camera.subscribe("grpc", hub.variant("imageio", 80, ColorMode.GRAY, 160, 120), () -> { });

            HubException refused = assertThrows(HubException.class,
                    () -> camera.subscribe("grpc", hub.variant("imageio", 81, ColorMode.GRAY, 0, 0), () -> { }));
            assertEquals(HubException.Reason.TOO_MANY_VARIANTS, refused.reason());
            assertEquals("camera 'door' is already encoded in 2 different ways (the limit, see --max-variants); "
                    + "ask for the default (imageio quality 95, gray or color) or one of: imageio quality 80 gray, "
                    + "imageio quality 90 color", refused.getMessage());
            assertEquals(3, camera.subscriberCount(), "the refused subscriber holds no slot");
            assertEquals(3, hub.activeSubscribers());

            // Whoever fills the limit with odd qualities cannot lock out viewers who ask for nothing special.
            Mailbox plain = camera.subscribe("grpc", hub.variant(null, 0, null, 0, 0), () -> { });
            Mailbox plainColor = camera.subscribe("grpc", hub.variant(null, 0, ColorMode.COLOR, 640, 480), () -> { });
            plain.close();
            plainColor.close();

            gray80.close();
            assertThrows(HubException.class,
                    () -> camera.subscribe("grpc", hub.variant("imageio", 81, ColorMode.GRAY, 0, 0), () -> { }),
                    "quality 80 gray is still watched at 160x120");
            smaller.close();
            Mailbox gray81 = camera.subscribe("grpc", hub.variant("imageio", 81, ColorMode.GRAY, 0, 0), () -> { });
            assertEquals(2, camera.subscriberCount());

            // Subscribers whose work the caller bounds (the original protocol, snapshots) are not counted.
            Mailbox legacy = camera.subscribe(() -> { });
            assertEquals(3, camera.subscriberCount());
            List.of(color90, gray81, legacy).forEach(Mailbox::close);
        }
    }

    @Test
    void zeroMeansNoLimit() {
        try (Hub hub = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider()))).maxVariants(0)
                .camera("door", new TestPatternSource(320, 240, 15)).build()) {
            Camera camera = hub.camera("door");
            for (int quality = 1; quality <= 100; quality++) {
                camera.subscribe("grpc", hub.variant("imageio", quality, ColorMode.GRAY, 0, 0), () -> { });
            }
            assertEquals(100, camera.subscriberCount());
            assertEquals(0, hub.maxVariants());
        }
    }

    @Test
    void theDefaultIsSixteenAndNegativeIsRefused() {
        Hub.Builder builder = Hub.builder();
        assertEquals("max variants must not be negative (0: no limit), got -1",
                assertThrows(IllegalArgumentException.class, () -> builder.maxVariants(-1)).getMessage());
        try (Hub hub = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider())))
                .camera("door", new TestPatternSource(320, 240, 15)).build()) {
            assertEquals(16, hub.maxVariants());
        }
    }
}
