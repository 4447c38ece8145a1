/**
 * Frames and where they come from: the {@link io.camstream.capture.Frame} every other module
 * passes around, the {@link io.camstream.capture.FrameSource} contract, the source SPI
 * ({@link io.camstream.capture.spi.SourceProvider}) with its {@code ServiceLoader} registry
 * ({@link io.camstream.capture.Sources}), the {@link io.camstream.capture.SupervisedSource} that
 * restarts failing sources, and the pure-Java moving test pattern (no natives needed).
 */
module io.camstream.capture {
    exports io.camstream.capture;
    exports io.camstream.capture.spi;

    uses io.camstream.capture.spi.SourceProvider;

    provides io.camstream.capture.spi.SourceProvider with io.camstream.capture.TestPatternSourceProvider;
}
