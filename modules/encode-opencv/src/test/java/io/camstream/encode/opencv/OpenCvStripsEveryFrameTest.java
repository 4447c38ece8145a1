package io.camstream.encode.opencv;

import io.camstream.encode.spi.EncoderProvider;
import io.camstream.testkit.EncoderContractTest;

/**
 * The whole contract again with every frame cut into three strips, even 640x480 and 321x241 (an
 * odd width, and a height that leaves a short last strip), so that the joined JPEGs keep it too.
 */
class OpenCvStripsEveryFrameTest extends EncoderContractTest {

    @Override
    protected EncoderProvider provider() {
        return new OpenCvStripsEncoderProvider(new StripPlan.Limits(3, 0, 2));
    }
}
