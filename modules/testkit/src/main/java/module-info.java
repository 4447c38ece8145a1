/**
 * Helpers camstream's tests share: decode a received JPEG into pixels, read the frame stamp back,
 * and compare pictures by PSNR. Test scope only; nothing ships with it.
 */
module io.camstream.testkit {
    requires transitive io.camstream.capture;
    requires java.desktop;

    exports io.camstream.testkit;
}
