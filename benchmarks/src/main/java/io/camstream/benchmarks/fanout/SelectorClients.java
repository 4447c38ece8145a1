package io.camstream.benchmarks.fanout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BiFunction;

/**
 * N clients of a plain-socket design (MJPEG over HTTP, the raw socket), each on its own connection, all
 * read by one selector thread: the load generator costs little next to the server it loads. Subclasses
 * parse what arrives ({@link Connection}); this class connects, reads and closes.
 */
abstract class SelectorClients extends LoadClients {

    /** One connection's parser of what the server sends. */
    interface Connection {
        /** Reads what has arrived; false at the end of the stream. Throws when the stream makes no sense. */
        boolean read(SocketChannel channel) throws IOException;
    }

    private record Client(Connection connection, SubscriberStats subscriber) {
    }

    private Selector selector;
    private Thread reader;
    private volatile boolean closed;

    /**
     * Connects {@code count} clients to {@code target} (HOST:PORT), sends each the {@code request} (none
     * when empty), and starts reading; called once, by the subclass's constructor once its own fields are set.
     *
     * @param connections makes client number {@code i}'s parser, given its statistics
     */
    final void connect(String target, int count, byte[] request, String threadName,
            BiFunction<Integer, SubscriberStats, Connection> connections) {
        try {
            selector = Selector.open();
            String[] hostPort = target.split(":");
            InetSocketAddress address = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
            for (int i = 0; i < count; i++) {
                SubscriberStats subscriber = new SubscriberStats();
                stats.add(subscriber);
                SocketChannel channel = SocketChannel.open(address);
                if (request.length > 0) {
                    channel.write(ByteBuffer.wrap(request));
                }
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, new Client(connections.apply(i, subscriber),
                        subscriber));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect the " + threadName + " to " + target, e);
        }
        reader = new Thread(this::readAll, threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void readAll() {
        while (!closed) {
            try {
                selector.select(200);
            } catch (IOException e) {
                return;
            }
            for (SelectionKey key : selector.selectedKeys()) {
                Client client = (Client) key.attachment();
                try {
                    if (!client.connection().read((SocketChannel) key.channel())) {
                        key.cancel();
                        client.subscriber().error();
                    }
                } catch (IOException | IllegalStateException e) {
                    key.cancel();
                    client.subscriber().error();
                }
            }
            selector.selectedKeys().clear();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            reader.join(2000);
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        } catch (IOException e) {
            // Closing sockets of a finished run: nothing left to save.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
