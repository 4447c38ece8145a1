package io.camstream.encode.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.spi.Availability;
import io.camstream.testkit.Prerequisite;
import org.junit.jupiter.api.Test;

/**
 * Apart from the contract test on purpose: the contract skips every test, its own and its
 * subclass's, when the provider is unavailable, and these two are about exactly that case.
 */
class TurboJpegAvailabilityTest {

    /**
     * Under CI .ci/install-test-deps must have installed libturbojpeg.so along with the binding this
     * module was built against, so a failed load fails here instead of leaving the contract skipped.
     */
    @Test
    void theNativeLibraryLoads() {
        Availability availability = new TurboJpegEncoderProvider().availability();
        Prerequisite.require(availability.available(), "turbojpeg: " + availability.reason());
    }

    @Test
    void saysWhatToInstallWhenItCannotLoad() {
        Availability availability = new TurboJpegEncoderProvider().availability();
        assertTrue(availability.available() || availability.reason().contains(TurboJpegNatives.PACKAGES),
                availability.reason());
    }
}
