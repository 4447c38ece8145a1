package io.camstream.capture;

import java.io.IOException;

/**
 * A source that cannot work as given (no such camera, a missing or unreadable file), as opposed to
 * one that failed and may come back. A server refuses to start on it; once running, a supervisor
 * still retries it, since a camera can be plugged back in.
 */
public class SourceUnavailableException extends IOException {

    private static final long serialVersionUID = 1L;

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
