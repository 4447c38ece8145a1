/**
 * Turning frames into JPEGs: the {@link io.camstream.encode.FrameEncoder} contract, the plugin SPI
 * ({@link io.camstream.encode.spi.EncoderProvider}) with its {@code ServiceLoader} registry
 * ({@link io.camstream.encode.Encoders}), and the pixel helpers plugins share.
 */
module io.camstream.encode {
    requires transitive io.camstream.capture;
    // ImageIO, for JpegDecoder: receivers (viewers, relays, hubs fed by publishers) decode JPEGs.
    requires java.desktop;

    exports io.camstream.encode;
    exports io.camstream.encode.spi;

    uses io.camstream.encode.spi.EncoderProvider;
}
