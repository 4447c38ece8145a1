package io.camstream.benchmarks.fanout;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The two things a load client needs of a {@code camstream.v1.VideoFrame}: its capture time and its
 * picture's length. {@link #MARSHALLER} reads them straight off the wire and skips everything else,
 * the picture's bytes included, so a hundred clients in the harness do not each copy every JPEG the
 * way the generated {@code VideoFrame} parser does: the harness is the load generator, and what it
 * spends competes with the server it measures on the same cores.
 *
 * @param captureMicros field 2, {@code capture_time}, in microseconds since the epoch; 0 when unset
 * @param dataBytes the length of field 11, {@code data}
 */
record LeanFrame(long captureMicros, int dataBytes) {

    /** {@code VideoFrame.capture_time}, a {@code google.protobuf.Timestamp}. */
    static final int CAPTURE_TIME = 2;
    /** {@code VideoFrame.data}, the encoded picture. */
    static final int DATA = 11;
    private static final int TIMESTAMP_SECONDS = 1;
    private static final int TIMESTAMP_NANOS = 2;

    /** Parses responses only: a client never sends a {@code VideoFrame}. */
    static final MethodDescriptor.Marshaller<LeanFrame> MARSHALLER = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(LeanFrame value) {
            throw new UnsupportedOperationException("a lean frame is only ever received");
        }

        @Override
        public LeanFrame parse(InputStream stream) {
            try {
                return LeanFrame.parse(CodedInputStream.newInstance(stream));
            } catch (IOException e) {
                throw new UncheckedIOException("a VideoFrame that does not parse", e);
            }
        }
    };

    static LeanFrame parse(CodedInputStream in) throws IOException {
        long captureMicros = 0;
        int dataBytes = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            if (field == CAPTURE_TIME && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int limit = in.pushLimit(in.readRawVarint32());
                captureMicros = timestampMicros(in);
                in.popLimit(limit);
            } else if (field == DATA && wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                dataBytes = in.readRawVarint32();
                in.skipRawBytes(dataBytes);
            } else {
                in.skipField(tag);
            }
        }
        return new LeanFrame(captureMicros, dataBytes);
    }

    /** A Timestamp's seconds and nanos, up to the limit its length set, as microseconds. */
    private static long timestampMicros(CodedInputStream in) throws IOException {
        long seconds = 0;
        int nanos = 0;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field == TIMESTAMP_SECONDS && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                seconds = in.readInt64();
            } else if (field == TIMESTAMP_NANOS && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_VARINT) {
                nanos = in.readInt32();
            } else {
                in.skipField(tag);
            }
        }
        return seconds * 1_000_000L + nanos / 1000;
    }
}
