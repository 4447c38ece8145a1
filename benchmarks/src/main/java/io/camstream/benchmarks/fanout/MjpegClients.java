package io.camstream.benchmarks.fanout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * N players of camstream's HTTP face, each on its own connection reading {@code /stream} as a
 * browser or VLC does: the multipart stream's part headers ({@code Content-Length}, the capture time)
 * and then the JPEG's bytes, which are skipped, not decoded. One selector thread reads them all, so
 * the load generator costs little next to the server it loads.
 */
final class MjpegClients extends SelectorClients {

    private static final int BUFFER_BYTES = 256 * 1024;

    MjpegClients(String target, int count) {
        // HTTP/1.0, as many cameras' and NVRs' clients ask: the stream comes as it is, without HTTP/1.1's
        // chunk framing around it, which this reader would otherwise have to take apart.
        connect(target, count, ("GET /stream HTTP/1.0\r\nHost: " + target + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII), "mjpeg-clients", (index, subscriber) -> new Player(subscriber));
    }

    /** One connection's parser: the response's head, then part headers and JPEG bodies in turn. */
    private static final class Player implements Connection {
        private final SubscriberStats subscriber;
        private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
        private boolean responseHeadRead;
        private long bodyLeft = -1;
        private long bodyBytes;
        private long captureMicros;

        Player(SubscriberStats subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public boolean read(SocketChannel channel) throws IOException {
            int count = channel.read(buffer);
            if (count < 0) {
                return false;
            }
            buffer.flip();
            while (consume()) {
                // Each pass takes one head or one body (or the part of a body that has arrived).
            }
            buffer.compact();
            return true;
        }

        private boolean consume() {
            if (bodyLeft >= 0) {
                int skip = (int) Math.min(bodyLeft, buffer.remaining());
                buffer.position(buffer.position() + skip);
                bodyLeft -= skip;
                if (bodyLeft > 0) {
                    return false;
                }
                bodyLeft = -1;
                subscriber.frame(captureMicros, bodyBytes);
                return true;
            }
            int end = headEnd();
            if (end < 0) {
                if (buffer.remaining() == buffer.capacity()) {
                    throw new IllegalStateException("a head longer than " + BUFFER_BYTES + " bytes");
                }
                return false;
            }
            String head = new String(buffer.array(), buffer.arrayOffset() + buffer.position(),
                    end - buffer.position(), StandardCharsets.ISO_8859_1);
            buffer.position(end + 4);
            if (!responseHeadRead) {
                if (!head.startsWith("HTTP/1.1 200") && !head.startsWith("HTTP/1.0 200")) {
                    throw new IllegalStateException("the server answered " + head.lines().findFirst().orElse(""));
                }
                responseHeadRead = true;
                return true;
            }
            bodyLeft = header(head, "content-length");
            bodyBytes = bodyLeft;
            captureMicros = header(head, "x-camstream-capture-time");
            return true;
        }

        /** Where the next blank line (CRLF CRLF) starts, or -1. */
        private int headEnd() {
            byte[] bytes = buffer.array();
            for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
                if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        private static long header(String head, String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name)) {
                    return Long.parseLong(line.substring(colon + 1).trim());
                }
            }
            throw new IllegalStateException("a part without " + name + ": " + head);
        }
    }
}
