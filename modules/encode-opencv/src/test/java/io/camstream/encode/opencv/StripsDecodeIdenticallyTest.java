package io.camstream.encode.opencv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.camstream.capture.Frame;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A strip-joined JPEG decodes to exactly the pixels of the {@code opencv} encoder's single-pass
 * JPEG at the same quality, in libjpeg-turbo (OpenCV's imdecode) and in every ImageIO reader
 * (TwelveMonkeys' and the JDK's), and has the layout of one picture with restart markers.
 */
@Timeout(120)
class StripsDecodeIdenticallyTest {

    @BeforeEach
    void requireNatives() {
        OpenCvTests.requireNatives();
    }

    @ParameterizedTest(name = "{0}x{1} {2} in {3} strips")
    @CsvSource({
        "3840, 2160, GRAY, 2", "3840, 2160, COLOR, 2",
        "1920, 1080, GRAY, 2", "1920, 1080, COLOR, 2", // 1080 is not a multiple of 16: a short last strip
        "1920, 1080, GRAY, 11", "1920, 1080, COLOR, 9", // more strips than RST0..RST7
        "1000, 750, GRAY, 3", "1000, 750, COLOR, 3"})
    void decodesToTheSinglePassPixels(int width, int height, ColorMode mode, int strips) throws Exception {
        Frame frame = OpenCvTests.frame(width, height);
        EncoderOptions options = new EncoderOptions(95, mode);
        byte[] single;
        byte[] joined;
        StripPlan.Limits limits = new StripPlan.Limits(strips, 0, 2);
        try (FrameEncoder onePass = new OpenCvEncoderProvider().create(options);
                FrameEncoder cut = new OpenCvStripsEncoderProvider(limits).create(options)) {
            single = onePass.encode(frame).data();
            joined = cut.encode(frame).data();
        }
        int mcuHeight = mode == ColorMode.GRAY ? 8 : 16;
        StripPlan plan = StripPlan.of(width, height, mcuHeight, 8, 0xFFFF, limits);
        assertEquals(strips, plan.strips(), "the plan cuts as many strips as asked");
        JpegLayout.of(joined).assertJoined(height, strips);
        assertNotEquals(single.length, joined.length, "the joined JPEG is another byte stream (DRI, RSTn)");

        byte[] expected = Decoders.openCv(single);
        assertEquals(width * height * (mode == ColorMode.GRAY ? 1 : 3), expected.length);
        assertArrayEquals(expected, Decoders.openCv(joined), "libjpeg-turbo (OpenCV imdecode)");
        for (String reader : Decoders.imageIoReaders()) {
            assertArrayEquals(Decoders.imageIo(single, reader), Decoders.imageIo(joined, reader), reader);
        }
    }
}
