package io.camstream.encode;

/** Whether an encoded picture keeps its colour. */
public enum ColorMode {
    /** One channel of luminance, as the original sample sends. */
    GRAY,
    /** Full colour. */
    COLOR
}
