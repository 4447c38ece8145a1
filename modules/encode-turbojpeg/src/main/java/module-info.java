/**
 * The TurboJPEG encoder plugin: libjpeg-turbo's TurboJPEG API through Debian's Java binding
 * (libturbojpeg-java), which compresses a BGR frame straight to a gray or colour JPEG in one pass.
 * Needs Debian's libturbojpeg.so (libturbojpeg0-dev); without it the provider reports itself
 * unavailable, with the reason, instead of failing.
 */
module io.camstream.encode.turbojpeg {
    requires io.camstream.encode;
    // Debian's binding, repackaged as a named module by modules/turbojpeg-java.
    requires org.libjpegturbo.turbojpeg;

    provides io.camstream.encode.spi.EncoderProvider with io.camstream.encode.turbojpeg.TurboJpegEncoderProvider;
}
