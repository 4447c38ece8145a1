package io.camstream.server;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A serialized message as runs of bytes, most of them shared with other subscribers' messages
 * ({@link PreparedFrame}); gRPC sends it through {@link #MARSHALLER}, which writes the runs as they are.
 *
 * <p>grpc-java copies every outgoing message into its transport's buffers once (it has no way to send
 * bytes it does not own: grpc-java issue 1054); that copy is the whole per-subscriber cost of a frame here.
 */
final class FrameMessage {

    /** Writes a message's runs into gRPC's buffers; parsing (for in-process clients) keeps the bytes whole. */
    static final MethodDescriptor.Marshaller<FrameMessage> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(FrameMessage message) {
            return message.new Reader();
        }

        @Override
        public FrameMessage parse(InputStream stream) {
            try {
                return new FrameMessage(stream.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read a frame message", e);
            }
        }
    };

    private final byte[][] runs;
    private final int size;

    FrameMessage(byte[]... runs) {
        this.runs = runs;
        int total = 0;
        for (byte[] run : runs) {
            total += run.length;
        }
        this.size = total;
    }

    /** Its size on the wire, in bytes (gRPC's 5-byte message header not included). */
    int size() {
        return size;
    }

    /** The message's bytes in one array: a copy, for tests and in-process transports. */
    byte[] toByteArray() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        for (byte[] run : runs) {
            out.writeBytes(run);
        }
        return out.toByteArray();
    }

    /**
     * The message as gRPC reads it: {@link KnownLength} so that it sizes its buffers once, {@link Drainable}
     * so that it takes the runs whole instead of reading them piece by piece.
     */
    private final class Reader extends InputStream implements Drainable, KnownLength {
        private int run;
        private int offset;
        private int remaining = size;

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int drained = remaining;
            for (; run < runs.length; run++, offset = 0) {
                target.write(runs[run], offset, runs[run].length - offset);
            }
            remaining = 0;
            return drained;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int at, int length) {
            if (length == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int copied = 0;
            while (copied < length && run < runs.length) {
                int count = Math.min(length - copied, runs[run].length - offset);
                System.arraycopy(runs[run], offset, into, at + copied, count);
                copied += count;
                offset += count;
                if (offset == runs[run].length) {
                    run++;
                    offset = 0;
                }
            }
            remaining -= copied;
            return copied;
        }

        @Override
        public int available() {
            return remaining;
        }
    }
}
