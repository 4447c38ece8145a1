package io.camstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.spi.EncoderProvider;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncodersTest {

    private final EncoderProvider fast = new FakeProvider("fast", 100, Availability.no("libfast.so not found"));
    private final EncoderProvider steady = new FakeProvider("steady", 10, Availability.yes());
    private final EncoderProvider other = new FakeProvider("other", 10, Availability.yes());
    private final Encoders encoders = Encoders.of(List.of(steady, fast, other));

    @Test
    void listsBestFirstThenByName() {
        assertEquals(List.of(fast, other, steady), encoders.all());
    }

    @Test
    void theBestIsTheHighestPriorityThatIsAvailable() {
        assertEquals(other, encoders.best());
    }

    @Test
    void anUnknownNameIsNamedAndTheAvailableOnesListed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoders.require("nope"));
        assertEquals("unknown encoder 'nope'; available encoders: other, steady", e.getMessage());
    }

    @Test
    void anUnavailableOneSaysWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoders.require("fast"));
        assertTrue(e.getMessage().contains("encoder 'fast' is not available: libfast.so not found"), e.getMessage());
    }

    @Test
    void withNothingAvailableTheErrorExplainsEachPlugin() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Encoders.of(List.of(fast)).best());
        assertEquals("no encoder plugin is available: fast (libfast.so not found)", e.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> Encoders.of(List.of()).best());
        assertTrue(none.getMessage().startsWith("no encoder plugin found"), none.getMessage());
    }

    @Test
    void optionsRejectQualityOutsideOneToHundred() {
        for (int quality : new int[] {0, 101, -5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EncoderOptions(quality, ColorMode.GRAY));
            assertEquals("JPEG quality must be between 1 and 100, got " + quality, e.getMessage());
        }
    }

    private record FakeProvider(String name, int priority, Availability availability) implements EncoderProvider {
        @Override
        public String description() {
            return "fake";
        }

        @Override
        public Set<ColorMode> colorModes() {
            return EnumSet.of(ColorMode.GRAY);
        }

        @Override
        public FrameEncoder create(EncoderOptions options) {
            throw new IllegalStateException("not needed by these tests");
        }
    }
}
