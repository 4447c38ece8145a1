package io.camstream.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/x-mixed-replace} body as players do: the boundary from the response's
 * Content-Type, then for each part its headers up to a blank line and exactly Content-Length bytes.
 */
final class MjpegReader {

    private static final Pattern BOUNDARY =
            Pattern.compile("(?i)multipart/x-mixed-replace\\s*;\\s*boundary=\"?([^\";]+)\"?");

    /** One part: its headers (names in lower case) and its bytes. */
    record Part(Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        long sequence() {
            return Long.parseLong(header("X-Camstream-Sequence"));
        }

        long captureMicros() {
            return Long.parseLong(header("X-Camstream-Capture-Time"));
        }
    }

    private final InputStream in;
    private final String delimiter;

    MjpegReader(InputStream in, String contentType) {
        Matcher matcher = BOUNDARY.matcher(contentType);
        if (!matcher.find()) {
            throw new IllegalArgumentException("not an MJPEG stream: Content-Type " + contentType);
        }
        this.in = in;
        this.delimiter = "--" + matcher.group(1);
    }

    /** The next part, or null at the closing boundary. */
    Part next() throws IOException {
        String line;
        do {
            line = line();
        } while (line.isEmpty());
        if (line.equals(delimiter + "--")) {
            return null;
        }
        if (!line.equals(delimiter)) {
            throw new IOException("expected the boundary " + delimiter + ", got '" + line + "'");
        }
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        String length = headers.get("content-length");
        if (length == null) {
            throw new IOException("a part without Content-Length: " + headers);
        }
        return new Part(headers, in.readNBytes(Integer.parseInt(length)));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new EOFException("the stream ended");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
