package io.camstream.encode.turbojpeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camstream.encode.spi.EncoderProvider;
import io.camstream.testkit.EncoderContractTest;
import org.junit.jupiter.api.Test;

/** The encoder contract every plugin keeps, and what is particular to this one. */
class TurboJpegEncoderTest extends EncoderContractTest {

    @Override
    protected EncoderProvider provider() {
        return new TurboJpegEncoderProvider();
    }

    @Test
    void ranksBetweenOpenCvAndItsStrips() {
        // opencv (100) stays the default; turbojpeg is chosen by name, and still beats opencv-strips (90).
        assertEquals(95, provider().priority());
    }
}
