/**
 * Frames and where they come from: the {@link io.camstream.capture.Frame} every other module
 * passes around, the {@link io.camstream.capture.FrameSource} contract, and the pure-Java moving
 * test pattern that stands in for a camera (no natives needed).
 */
module io.camstream.capture {
    exports io.camstream.capture;
}
