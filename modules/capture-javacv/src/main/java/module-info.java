/**
 * Native frame sources: cameras through OpenCV's {@code VideoCapture} (V4L2), video files and
 * rtsp/http streams through FFmpeg's {@code avformat}, {@code avcodec} and {@code swscale}
 * (JavaCPP's presets; never {@code avdevice}, which needs PulseAudio). Plugs into
 * {@link io.camstream.capture.Sources} by scheme; without this platform's natives the kinds report
 * themselves unavailable, with the reason, instead of failing.
 */
module io.camstream.capture.javacv {
    requires io.camstream.capture;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.ffmpeg;
    requires org.bytedeco.opencv;

    provides io.camstream.capture.spi.SourceProvider with
            io.camstream.capture.javacv.CameraSourceProvider,
            io.camstream.capture.javacv.FileSourceProvider,
            io.camstream.capture.javacv.StreamSourceProvider;
}
