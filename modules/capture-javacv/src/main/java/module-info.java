/**
 * Native frame sources: cameras through OpenCV's {@code VideoCapture} (V4L2), video files and
 * rtsp/http streams through JavaCV's {@code FFmpegFrameGrabber}. Plugs into
 * {@link io.camstream.capture.Sources} by scheme; without this platform's natives the kinds report
 * themselves unavailable, with the reason, instead of failing.
 */
module io.camstream.capture.javacv {
    requires io.camstream.capture;
    requires org.bytedeco.javacpp;
    requires org.bytedeco.javacv;
    requires org.bytedeco.ffmpeg;
    requires org.bytedeco.opencv;

    provides io.camstream.capture.spi.SourceProvider with
            io.camstream.capture.javacv.CameraSourceProvider,
            io.camstream.capture.javacv.FileSourceProvider,
            io.camstream.capture.javacv.StreamSourceProvider;
}
