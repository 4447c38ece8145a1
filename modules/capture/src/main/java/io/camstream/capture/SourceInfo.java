package io.camstream.capture;

/**
 * What a source delivers (which may differ from what was asked: camera drivers round sizes).
 *
 * @param description a human-readable name, e.g. {@code "test pattern"}
 * @param width frame width in pixels
 * @param height frame height in pixels
 * @param fps frames per second the source aims for
 * @param format pixel layout of its frames
 */
public record SourceInfo(String description, int width, int height, double fps, PixelFormat format) {
}
