package io.camstream.benchmarks.fanout;

import io.camstream.hub.Camera;
import io.camstream.hub.CapturedFrame;
import io.camstream.hub.FittedFrame;
import io.camstream.hub.Mailbox;
import io.camstream.hub.Variant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * This machine's ceiling for the fan-out job (design {@code raw}): the same camera and the same one encode
 * per frame as camstream (a hub mailbox per connection, as {@code MjpegStream} does it), and then the least a
 * server can do to hand the shared JPEG to each client: no protocol, no per-client serialisation, no copy
 * in Java. One thread runs a {@link Selector} over every connection; each has at most one frame in flight,
 * and when it has none it takes its mailbox's newest frame (frames it was too slow for are dropped, as
 * every design drops them) and writes it with one gathering write.
 *
 * <p>The wire, per frame: a {@value #HEADER_BYTES}-byte header, big-endian: the frame's sequence (long),
 * its capture time in microseconds since the epoch (long) and the JPEG's length in bytes (int); then the
 * JPEG. Clients send nothing; one that closes its end is dropped, and its mailbox closed.
 */
final class RawSender implements AutoCloseable {

    /** What the hub counts these viewers under in the camera's statistics. */
    static final String PROTOCOL = "raw";
    static final int HEADER_BYTES = 8 + 8 + 4;

    private final Camera camera;
    private final Variant variant;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread sender;
    /** Touched by the sender thread only (and by {@link #close()} once it has ended). */
    private final List<Connection> connections = new ArrayList<>();
    private volatile boolean closed;

    private RawSender(Camera camera, Variant variant) throws IOException {
        this.camera = camera;
        this.variant = variant;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.sender = new Thread(this::run, "raw-sender");
        sender.setDaemon(true);
    }

    /** Listens on 127.0.0.1 (a free port) and serves that camera's frames in that variant until closed. */
    static RawSender start(Camera camera, Variant variant) {
        try {
            RawSender raw = new RawSender(camera, variant);
            raw.sender.start();
            return raw;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void run() {
        while (!closed) {
            try {
                // Woken by a mailbox that got a frame, or by a socket that can take more (or closed).
                selector.select();
            } catch (IOException e) {
                return;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    accept();
                } else {
                    ((Connection) key.attachment()).ready(key);
                }
            }
            selector.selectedKeys().clear();
            // Every idle connection takes its newest frame, if it has one: a wake-up does not say whose box it was.
            for (Connection connection : List.copyOf(connections)) {
                connection.sendNewest();
            }
        }
    }

    private void accept() {
        SocketChannel channel = null;
        try {
            channel = server.accept();
            if (channel == null) {
                return;
            }
            channel.configureBlocking(false);
            // As gRPC (Netty) and Jetty do: a frame is sent whole at once, never held back for more.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            Connection connection = new Connection(channel);
            connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
            connection.mailbox = camera.subscribe(PROTOCOL, variant, selector::wakeup);
            connections.add(connection);
        } catch (IOException | RuntimeException e) {
            // A connection that could not be set up (or a full hub) is refused; the server goes on.
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // Nothing left to free.
                }
            }
        }
    }

    /** Stops serving: closes every connection (freeing its mailbox) and the listening socket. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        try {
            sender.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List.copyOf(connections).forEach(Connection::close);
        try {
            server.close();
            selector.close();
        } catch (IOException e) {
            // Closing at the end of a run: nothing left to save.
        }
    }

    /** One client: its mailbox and the frame being written to it, if any. */
    private final class Connection {
        private final SocketChannel channel;
        private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        /** The header and the shared JPEG, wrapped, not copied: what one gathering write sends. */
        private final ByteBuffer[] parts = {header, null};
        private SelectionKey key;
        private Mailbox mailbox;
        private boolean writing;
        private long lastSentSequence;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        /** The socket can take more of the frame in flight, or has something to read (only its end). */
        void ready(SelectionKey selected) {
            try {
                if (selected.isReadable() && !drainInput()) {
                    close();
                    return;
                }
                if (selected.isValid() && selected.isWritable()) {
                    write();
                }
            } catch (IOException e) {
                close();
            }
        }

        /** Reads and ignores what the client sent; false at its end. */
        private boolean drainInput() throws IOException {
            ByteBuffer ignored = ByteBuffer.allocate(64);
            int count;
            while ((count = channel.read(ignored)) > 0) {
                ignored.clear();
            }
            return count >= 0;
        }

        void sendNewest() {
            if (writing || !channel.isOpen()) {
                return;
            }
            if (mailbox.end() != null) {
                close();
                return;
            }
            CapturedFrame frame = mailbox.poll();
            if (frame == null || frame.sequence() <= lastSentSequence) {
                return;
            }
            try {
                // The one encode of this frame in this variant, shared with every other viewer of it (and done
                // here, on the sender thread, by the first connection that takes the frame).
                FittedFrame fitted = camera.encode(frame, variant, Integer.MAX_VALUE);
                byte[] jpeg = fitted.encoded().data();
                long missed = lastSentSequence == 0 ? 0 : frame.sequence() - lastSentSequence - 1;
                lastSentSequence = frame.sequence();
                header.clear();
                header.putLong(frame.sequence()).putLong(frame.frame().captureEpochMicros()).putInt(jpeg.length);
                header.flip();
                parts[1] = ByteBuffer.wrap(jpeg);
                writing = true;
                mailbox.sent(HEADER_BYTES + (long) jpeg.length, missed, fitted.adapted());
                write();
            } catch (IOException | RuntimeException e) {
                close();
            }
        }

        /** Writes what the socket takes; OP_WRITE is wanted only while a frame is partly written. */
        private void write() throws IOException {
            channel.write(parts);
            int interest = SelectionKey.OP_READ;
            if (parts[1].hasRemaining()) {
                interest |= SelectionKey.OP_WRITE;
            } else {
                writing = false;
                parts[1] = null;
            }
            if (key.interestOps() != interest) {
                key.interestOps(interest);
            }
        }

        void close() {
            connections.remove(this);
            if (mailbox != null) {
                mailbox.close();
            }
            if (key != null) {
                key.cancel();
            }
            try {
                channel.close();
            } catch (IOException e) {
                // Already gone.
            }
        }
    }
}
