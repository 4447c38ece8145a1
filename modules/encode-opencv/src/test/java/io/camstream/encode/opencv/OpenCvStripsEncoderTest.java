package io.camstream.encode.opencv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camstream.encode.spi.EncoderProvider;
import io.camstream.testkit.EncoderContractTest;
import org.junit.jupiter.api.Test;

/** The plugin as ServiceLoader makes it: the contract's 640x480 frames are below a megapixel, so one pass. */
class OpenCvStripsEncoderTest extends EncoderContractTest {

    @Override
    protected EncoderProvider provider() {
        return new OpenCvStripsEncoderProvider();
    }

    @Test
    void ranksBelowThePlainOpenCvEncoder() {
        assertEquals(90, provider().priority()); // opencv is 100: strips are chosen by name, for latency
    }
}
