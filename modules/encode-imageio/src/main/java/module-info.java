/**
 * The pure-Java JPEG encoder plugin: {@code javax.imageio} with TwelveMonkeys' JPEG plugin on the
 * path (which comes first in ImageIO's list and hands the entropy coding to the JDK's writer). No
 * natives of its own, so it works wherever Java does.
 */
@SuppressWarnings("requires-automatic")
module io.camstream.encode.imageio {
    requires io.camstream.encode;
    requires java.desktop;
    // Not referenced in code: required so that TwelveMonkeys is resolved and registered with ImageIO.
    requires com.twelvemonkeys.imageio.jpeg;

    provides io.camstream.encode.spi.EncoderProvider with io.camstream.encode.imageio.ImageIoEncoderProvider;
}
