package io.camstream.server;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A hand-driven plaintext HTTP/2 connection, for tests that must misbehave as gRPC's own client
 * never does: open streams and read nothing, reset streams as fast as they open, vanish with a TCP
 * reset. It reads what the server sends on a thread of its own (acknowledging SETTINGS
 * and PINGs so the connection stays healthy, never opening a flow-control window) and remembers a GOAWAY.
 */
final class RawHttp2 implements AutoCloseable {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    /** HTTP/2's CANCEL error code, what a client that gives up on a stream sends. */
    private static final int CANCEL = 0x8;

    private final Socket socket;
    private final DataOutputStream out;
    private final Thread reader;
    private final CountDownLatch ended = new CountDownLatch(1);
    private final CountDownLatch settingsAcknowledged = new CountDownLatch(1);
    private final AtomicLong bytesRead = new AtomicLong();
    private volatile int goAwayError = -1;
    private int nextStream = 1;

    private RawHttp2(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.reader = new Thread(this::read, "raw-http2-reader");
        reader.setDaemon(true);
    }

    /**
     * Connects from the system's choice of local address and says hello (preface and SETTINGS),
     * returning once it has acknowledged the server's SETTINGS: from then on the server enforces them
     * (its stream limit, say) on every stream this side opens.
     */
    static RawHttp2 connect(int port) throws IOException {
        return connect(null, port);
    }

    /** Connects from {@code local} (e.g. 127.0.0.2, to be another address on this machine) and says hello. */
    static RawHttp2 connect(InetAddress local, int port) throws IOException {
        Socket socket = new Socket();
        try {
            if (local != null) {
                socket.bind(new InetSocketAddress(local, 0));
            }
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setTcpNoDelay(true);
            RawHttp2 connection = new RawHttp2(socket);
            connection.out.write(PREFACE); // flushed with the SETTINGS frame
            connection.frame(SETTINGS, 0, 0, new byte[0]);
            // Only now: the reader answers the server's SETTINGS, which must not go out before the preface.
            connection.reader.start();
            if (!connection.settingsAcknowledged.await(5, TimeUnit.SECONDS)) {
                throw new IOException("the server sent no HTTP/2 SETTINGS within 5 s");
            }
            return connection;
        } catch (InterruptedException e) {
            socket.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Opens a gRPC call to {@code method} (e.g. {@code /camstream.v1.Camstream/Subscribe}) and sends
     * {@code message} as its only request, half-closing if asked.
     *
     * @return the stream's id
     */
    synchronized int call(String method, byte[] message, boolean halfClose) throws IOException {
        int stream = openStream(method);
        ByteArrayOutputStream grpcMessage = new ByteArrayOutputStream();
        DataOutputStream framed = new DataOutputStream(grpcMessage);
        framed.writeByte(0); // not compressed
        framed.writeInt(message.length);
        framed.write(message);
        frame(DATA, halfClose ? END_STREAM : 0, stream, grpcMessage.toByteArray());
        return stream;
    }

    /** Opens a stream (HEADERS only) and at once resets it: one round of the "rapid reset" attack. */
    synchronized void openAndReset(String method) throws IOException {
        int stream = openStream(method);
        ByteArrayOutputStream code = new ByteArrayOutputStream();
        new DataOutputStream(code).writeInt(CANCEL);
        frame(RST_STREAM, 0, stream, code.toByteArray());
    }

    /** Ends the connection with a TCP reset instead of a goodbye, as a killed client or a dropped link does. */
    void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /** Whether the server ended the connection (GOAWAY, or the socket closed) within {@code timeout}. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The error code of the server's GOAWAY, or -1 when it sent none. */
    int goAwayError() {
        return goAwayError;
    }

    long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private int openStream(String method) throws IOException {
        int stream = nextStream;
        nextStream += 2;
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        header(block, ":method", "POST");
        header(block, ":scheme", "http");
        header(block, ":path", method);
        header(block, ":authority", "localhost");
        header(block, "content-type", "application/grpc");
        header(block, "te", "trailers");
        frame(HEADERS, END_HEADERS, stream, block.toByteArray());
        return stream;
    }

    /** HPACK "literal header field without indexing, new name", no Huffman: the simplest valid encoding. */
    private static void header(ByteArrayOutputStream block, String name, String value) {
        block.write(0);
        string(block, name.getBytes(StandardCharsets.US_ASCII));
        string(block, value.getBytes(StandardCharsets.US_ASCII));
    }

    private static void string(ByteArrayOutputStream block, byte[] bytes) {
        // HPACK integer with a 7-bit prefix; the high bit (Huffman) stays 0.
        int length = bytes.length;
        if (length < 127) {
            block.write(length);
        } else {
            block.write(127);
            length -= 127;
            while (length >= 128) {
                block.write((length & 0x7f) | 0x80);
                length >>>= 7;
            }
            block.write(length);
        }
        block.write(bytes, 0, bytes.length);
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        synchronized (out) {
            out.writeByte(payload.length >>> 16);
            out.writeShort(payload.length & 0xffff);
            out.writeByte(type);
            out.writeByte(flags);
            out.writeInt(stream);
            out.write(payload);
            out.flush();
        }
    }

    private void read() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                in.readInt(); // the stream: nothing here depends on it
                byte[] payload = in.readNBytes(length);
                if (payload.length < length) {
                    throw new EOFException();
                }
                bytesRead.addAndGet(9L + length);
                if (type == SETTINGS && (flags & ACK) == 0) {
                    frame(SETTINGS, ACK, 0, new byte[0]);
                    settingsAcknowledged.countDown();
                } else if (type == PING && (flags & ACK) == 0) {
                    frame(PING, ACK, 0, payload);
                } else if (type == GOAWAY) {
                    goAwayError = errorCode(payload, 4);
                    ended.countDown();
                }
            }
        } catch (IOException e) {
            // the server closed the connection, or this side did
        } finally {
            ended.countDown();
        }
    }

    private static int errorCode(byte[] payload, int offset) {
        return ((payload[offset] & 0xff) << 24) | ((payload[offset + 1] & 0xff) << 16)
                | ((payload[offset + 2] & 0xff) << 8) | (payload[offset + 3] & 0xff);
    }
}
