/**
 * The native JPEG encoder plugins: OpenCV's {@code cvtColor} and {@code imencode} (libjpeg-turbo)
 * through the bytedeco OpenCV preset. Needs the preset's natives for this platform on the path;
 * without them the provider reports itself unavailable, with the reason, instead of failing.
 */
module io.camstream.encode.opencv {
    requires io.camstream.encode;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.opencv;

    provides io.camstream.encode.spi.EncoderProvider with io.camstream.encode.opencv.OpenCvEncoderProvider,
            io.camstream.encode.opencv.OpenCvStripsEncoderProvider;
}
