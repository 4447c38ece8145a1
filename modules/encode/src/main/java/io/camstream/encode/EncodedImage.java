package io.camstream.encode;

/**
 * The output of one encode. The byte array is never modified after it is returned, so many
 * subscribers may share it.
 *
 * @param data the encoded picture
 * @param contentType its MIME type, e.g. {@code image/jpeg}
 * @param width width in pixels
 * @param height height in pixels
 * @param color whether it is grayscale or colour
 * @param encodeNanos how long encoding took, gray conversion included
 */
public record EncodedImage(byte[] data, String contentType, int width, int height, ColorMode color, long encodeNanos) {
}
