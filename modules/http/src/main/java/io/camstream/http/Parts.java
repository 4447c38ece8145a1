package io.camstream.http;

import io.camstream.capture.Frame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;

/**
 * The headers each picture travels with, in a snapshot's response or an MJPEG part: µStreamer's
 * {@code X-Timestamp} (capture time in seconds, to the microsecond), camstream's sequence number and
 * capture time in epoch microseconds, so a client measures latency and loss without guessing.
 */
final class Parts {

    /** Between the parts of a stream; never found in a JPEG's bytes as a line of its own. */
    static final String BOUNDARY = "camstream-frame-boundary";
    static final String STREAM_CONTENT_TYPE = "multipart/x-mixed-replace;boundary=" + BOUNDARY;
    static final String JPEG = "image/jpeg";
    static final String SEQUENCE = "X-Camstream-Sequence";
    static final String CAPTURE_TIME = "X-Camstream-Capture-Time";
    static final String SKIPPED = "X-Camstream-Skipped";
    static final String TIMESTAMP = "X-Timestamp";

    private Parts() {
    }

    /** Seconds since the epoch with six decimals, as µStreamer writes its {@code X-Timestamp}. */
    static String timestamp(long epochMicros) {
        String micros = Long.toString(1_000_000 + Math.floorMod(epochMicros, 1_000_000)).substring(1);
        return Math.floorDiv(epochMicros, 1_000_000) + "." + micros;
    }

    /** A snapshot's headers for this frame. */
    static void describe(HttpFields.Mutable headers, Frame frame) {
        headers.put(TIMESTAMP, timestamp(frame.captureEpochMicros()));
        headers.put(SEQUENCE, Long.toString(frame.sequence()));
        headers.put(CAPTURE_TIME, Long.toString(frame.captureEpochMicros()));
    }

    /**
     * What goes before a picture in the stream: the boundary (after the CRLF that ends the part before,
     * a harmless preamble before the first) and the part's headers. The picture's bytes follow as they are.
     */
    static ByteBuffer header(Frame frame, int length, long skipped) {
        String header = "\r\n--" + BOUNDARY + "\r\n"
                + "Content-Type: " + JPEG + "\r\n"
                + "Content-Length: " + length + "\r\n"
                + TIMESTAMP + ": " + timestamp(frame.captureEpochMicros()) + "\r\n"
                + SEQUENCE + ": " + frame.sequence() + "\r\n"
                + CAPTURE_TIME + ": " + frame.captureEpochMicros() + "\r\n"
                + SKIPPED + ": " + skipped + "\r\n"
                + "\r\n";
        return ByteBuffer.wrap(header.getBytes(StandardCharsets.US_ASCII));
    }

    /** The end of a stream that ends normally: the closing boundary. */
    static ByteBuffer closing() {
        return ByteBuffer.wrap(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
}
