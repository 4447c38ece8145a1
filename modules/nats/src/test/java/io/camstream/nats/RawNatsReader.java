package io.camstream.nats;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A NATS subscriber in 80 lines of plain socket code, the way a reader in another language would do it
 * without a client library: the protocol is text ({@code INFO}, {@code CONNECT}, {@code SUB}, then
 * {@code MSG subject sid [reply] size} lines followed by the payload, and {@code PING}/{@code PONG}).
 * It proves the subjects and the message format are usable without jnats.
 */
final class RawNatsReader implements AutoCloseable {

    /** One message as received. */
    record Message(String subject, byte[] payload) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final Thread reader;

    RawNatsReader(int port, String subject) throws IOException {
        socket = new Socket("127.0.0.1", port);
        out = socket.getOutputStream();
        InputStream in = new BufferedInputStream(socket.getInputStream());
        String info = line(in);
        if (!info.startsWith("INFO ")) {
            throw new IOException("not a NATS server: " + info);
        }
        send("CONNECT {\"verbose\":false,\"pedantic\":false,\"name\":\"raw reader\"}\r\nSUB " + subject + " 1\r\n");
        reader = new Thread(() -> read(in), "raw-nats-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The next message, waiting at most {@code millis}; null when none came. */
    Message next(long millis) throws InterruptedException {
        return messages.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void read(InputStream in) {
        try {
            while (true) {
                String line = line(in);
                if (line.startsWith("MSG ")) {
                    String[] parts = line.split(" ");
                    byte[] payload = in.readNBytes(Integer.parseInt(parts[parts.length - 1]));
                    line(in); // the CRLF after the payload
                    messages.add(new Message(parts[1], payload));
                } else if (line.equals("PING")) {
                    send("PONG\r\n");
                } else if (line.startsWith("-ERR")) {
                    throw new IOException("the NATS server said " + line);
                }
            }
        } catch (IOException e) {
            // Closed, or the server went: the test sees no more messages.
        }
    }

    private synchronized void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed");
            }
            if (b != '\r') {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
