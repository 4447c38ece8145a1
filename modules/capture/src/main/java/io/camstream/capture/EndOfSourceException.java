package io.camstream.capture;

import java.io.IOException;

/**
 * Thrown by {@link FrameSource#grab()} of a finite source (a video file told not to loop) after its
 * last frame. Not a failure: a supervisor stops there instead of restarting the source.
 */
public class EndOfSourceException extends IOException {

    private static final long serialVersionUID = 1L;

    public EndOfSourceException(String message) {
        super(message);
    }
}
