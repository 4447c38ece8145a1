package io.camstream.benchmarks.fanout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;

/**
 * N clients of {@link RawSender}, each on its own connection, all read by one selector thread as
 * {@link MjpegClients} are: each frame's header is parsed and its JPEG skipped (read into one buffer that
 * every connection reuses), so the load generator costs as little as the server's ceiling does.
 */
final class RawClients extends SelectorClients {

    /** The most a frame may claim to be: anything larger means the stream is out of step. */
    private static final int MAX_FRAME_BYTES = 64 << 20;
    private static final int BUFFER_BYTES = 256 * 1024;

    /**
     * A frame as one client received it, for a test to check (the load run passes no check).
     *
     * @param client which client, from 0
     * @param head the JPEG's first two bytes as an unsigned big-endian number (0xFFD8 for a JPEG)
     * @param tail its last two bytes (0xFFD9 for a JPEG)
     */
    record Received(int client, long sequence, long captureMicros, int length, int head, int tail) {
    }

    /** Every connection's bytes land here in turn: only the headers are kept. Reader thread only. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final Consumer<Received> check;

    RawClients(String target, int count) {
        this(target, count, null);
    }

    /** @param check told of every frame on the reader thread, or null */
    RawClients(String target, int count, Consumer<Received> check) {
        this.check = check;
        connect(target, count, new byte[0], "raw-clients", Viewer::new);
    }

    /** One connection's parser: a header, then that many bytes of JPEG, in turn. */
    private final class Viewer implements Connection {
        private final int index;
        private final SubscriberStats subscriber;
        private final ByteBuffer header = ByteBuffer.allocate(RawSender.HEADER_BYTES);
        /** Bytes of the current JPEG still to come; -1 while reading a header. */
        private int bodyLeft = -1;
        private int length;
        private long sequence;
        private long captureMicros;
        private int head;
        private int tail;

        Viewer(int index, SubscriberStats subscriber) {
            this.index = index;
            this.subscriber = subscriber;
        }

        @Override
        public boolean read(SocketChannel channel) throws IOException {
            buffer.clear();
            if (channel.read(buffer) < 0) {
                return false;
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                if (bodyLeft < 0) {
                    readHeader();
                } else {
                    skipBody();
                }
            }
            return true;
        }

        private void readHeader() {
            while (header.hasRemaining() && buffer.hasRemaining()) {
                header.put(buffer.get());
            }
            if (header.hasRemaining()) {
                return;
            }
            header.flip();
            sequence = header.getLong();
            captureMicros = header.getLong();
            length = header.getInt();
            header.clear();
            if (length < 0 || length > MAX_FRAME_BYTES) {
                throw new IllegalStateException("a frame of " + length + " bytes: the stream is out of step");
            }
            bodyLeft = length;
            head = 0;
            tail = 0;
            if (length == 0) {
                frameDone();
            }
        }

        /** Skips what has arrived of the JPEG, keeping its first and last two bytes for a check. */
        private void skipBody() {
            int take = Math.min(bodyLeft, buffer.remaining());
            if (check != null) {
                int offset = length - bodyLeft;
                int end = offset + take;
                for (int at = offset; at < end && at < 2; at++) {
                    head = head << 8 | (buffer.get(buffer.position() + at - offset) & 0xFF);
                }
                for (int at = Math.max(offset, Math.max(2, length - 2)); at < end; at++) {
                    tail = tail << 8 | (buffer.get(buffer.position() + at - offset) & 0xFF);
                }
            }
            buffer.position(buffer.position() + take);
            bodyLeft -= take;
            if (bodyLeft == 0) {
                frameDone();
            }
        }

        private void frameDone() {
            bodyLeft = -1;
            subscriber.frame(captureMicros, length);
            if (check != null) {
                check.accept(new Received(index, sequence, captureMicros, length, head, tail));
            }
        }
    }
}
