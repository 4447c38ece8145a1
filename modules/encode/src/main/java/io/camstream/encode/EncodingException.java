package io.camstream.encode;

/** An encoder could not encode a frame (a codec failure, not bad input). */
public class EncodingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
