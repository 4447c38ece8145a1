package io.camstream.encode.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.encode.spi.EncoderProvider;
import io.camstream.testkit.EncoderContractTest;
import org.junit.jupiter.api.Test;

class ImageIoEncoderTest extends EncoderContractTest {

    @Override
    protected EncoderProvider provider() {
        return new ImageIoEncoderProvider();
    }

    @Test
    void twelveMonkeysWriterComesFirst() {
        assertTrue(provider().description().contains("com.twelvemonkeys.imageio.plugins.jpeg"),
                provider().description());
    }

    @Test
    void ranksBelowNativeEncoders() {
        assertEquals(10, provider().priority());
    }
}
