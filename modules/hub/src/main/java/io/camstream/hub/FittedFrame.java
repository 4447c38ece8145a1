package io.camstream.hub;

/**
 * The encoding a subscriber gets: what it asked for, or a smaller one that fits its message limit.
 *
 * @param encoded the shared encoding
 * @param adapted whether it differs from what was asked, to fit the limit
 */
public record FittedFrame(EncodedFrame encoded, boolean adapted) {
}
