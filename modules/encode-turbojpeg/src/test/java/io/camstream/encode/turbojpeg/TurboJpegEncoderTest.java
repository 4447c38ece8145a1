package io.camstream.encode.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.spi.Availability;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.testkit.EncoderContractTest;
import io.camstream.testkit.Prerequisite;
import org.junit.jupiter.api.Test;

/** The encoder contract every plugin keeps, and what is particular to this one. */
class TurboJpegEncoderTest extends EncoderContractTest {

    @Override
    protected EncoderProvider provider() {
        return new TurboJpegEncoderProvider();
    }

    /**
     * The contract skips quietly when a provider is unavailable; this test does not under CI, where
     * .ci/install-test-deps must have installed libturbojpeg.so along with the binding this module
     * was built against.
     */
    @Test
    void theNativeLibraryLoads() {
        Availability availability = provider().availability();
        Prerequisite.require(availability.available(), "turbojpeg: " + availability.reason());
    }

    @Test
    void ranksBetweenOpenCvAndItsStrips() {
        // opencv (100) stays the default; turbojpeg is chosen by name, and still beats opencv-strips (90).
        assertEquals(95, provider().priority());
    }

    @Test
    void saysWhatToInstallWhenItCannotLoad() {
        Availability availability = provider().availability();
        assertTrue(availability.available() || availability.reason().contains(TurboJpegNatives.PACKAGES),
                availability.reason());
    }
}
