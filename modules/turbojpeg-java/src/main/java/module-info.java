/**
 * Debian's TurboJPEG Java binding (libturbojpeg-java) as a named module: its one package, without the
 * demo and test programs the Debian jar keeps in the unnamed package, which bar that jar from the module
 * path. Its classes are unpacked into this module at build time (see the pom); the natives stay
 * Debian's {@code libturbojpeg.so}, which the binding's own loader opens.
 */
module org.libjpegturbo.turbojpeg {
    // TJCompressor and TJDecompressor also take and give java.awt.image.BufferedImages.
    requires transitive java.desktop;

    exports org.libjpegturbo.turbojpeg;
}
