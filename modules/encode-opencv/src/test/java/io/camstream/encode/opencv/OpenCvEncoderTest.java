package io.camstream.encode.opencv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.encode.spi.EncoderProvider;
import io.camstream.testkit.EncoderContractTest;
import org.junit.jupiter.api.Test;

class OpenCvEncoderTest extends EncoderContractTest {

    @Override
    protected EncoderProvider provider() {
        return new OpenCvEncoderProvider();
    }

    @Test
    void namesTheOpenCvVersionItLoaded() {
        assertTrue(provider().description().matches("JPEG via OpenCV 4\\.\\d+\\.\\d+ .*"), provider().description());
    }

    @Test
    void outranksThePureJavaEncoder() {
        // imageio ranks 10; the CLI test checks the resulting default with both plugins present.
        assertEquals(100, provider().priority());
    }
}
