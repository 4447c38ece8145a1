package io.camstream.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** HTTP spoken by hand over a socket, for requests no well-behaved client sends, and for clients that stall. */
final class RawHttp implements AutoCloseable {

    /** A response's status line and headers (names in lower case); the body is left in the socket. */
    record Head(int status, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    final Socket socket;

    RawHttp(int port) throws IOException {
        this(port, 0);
    }

    /** @param receiveBuffer the socket's receive buffer, 0 for the system's default */
    RawHttp(int port, int receiveBuffer) throws IOException {
        socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(10_000);
    }

    void send(String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    InputStream in() throws IOException {
        return socket.getInputStream();
    }

    /** Reads the status line and headers. */
    Head head() throws IOException {
        String status = line();
        String[] words = status.split(" ", 3);
        if (words.length < 2 || !words[0].startsWith("HTTP/")) {
            throw new IOException("not an HTTP status line: '" + status + "'");
        }
        Map<String, String> headers = new TreeMap<>();
        for (String header = line(); !header.isEmpty(); header = line()) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
        }
        return new Head(Integer.parseInt(words[1]), headers);
    }

    /** The rest of the body until the server closes the connection. */
    String rest() throws IOException {
        return new String(in().readAllBytes(), StandardCharsets.UTF_8);
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in().read(); b != '\n'; b = in().read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of a line: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
