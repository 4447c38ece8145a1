package io.camstream.encode;

/** An encoder could not encode a frame (a codec failure, not bad input). */
public class EncodingException extends RuntimeException {

    public EncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
