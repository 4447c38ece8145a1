package io.camstream.server;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors.FieldDescriptor;
import io.camstream.client.WireFrames;
import io.camstream.hub.EncodedFrame;
import io.camstream.protocol.v1.VideoFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A v1 {@link VideoFrame} serialized once for every subscriber of its encoding, all but the three fields
 * each subscriber has its own: {@code skipped} (8), {@code adapted} (13) and {@code send_time} (18).
 *
 * <p>Protobuf writes a message's fields in field-number order, so the shared fields fall into four runs
 * around those three: 1–7, 9–12 (the picture among them), 14–17 and 19 on. Each run is serialized once;
 * a subscriber's message ({@link #forSubscriber}) is the runs with its own fields written between them,
 * which is byte for byte what serializing the whole message afresh gives — the test of this class. Runs
 * are found by field number, so a field added to {@code VideoFrame} later lands in its run by itself.
 */
final class PreparedFrame {

    private static final int SKIPPED = VideoFrame.SKIPPED_FIELD_NUMBER;
    private static final int ADAPTED = VideoFrame.ADAPTED_FIELD_NUMBER;
    private static final int SEND_TIME = VideoFrame.SEND_TIME_FIELD_NUMBER;
    private static final byte[] NOTHING = new byte[0];

    private final byte[] beforeSkipped;
    private final byte[] beforeAdapted;
    private final byte[] beforeSendTime;
    private final byte[] afterSendTime;

    private PreparedFrame(VideoFrame shared) {
        Map<FieldDescriptor, Object> fields = shared.getAllFields();
        beforeSkipped = serialize(fields, 1, SKIPPED - 1);
        beforeAdapted = serialize(fields, SKIPPED + 1, ADAPTED - 1);
        beforeSendTime = serialize(fields, ADAPTED + 1, SEND_TIME - 1);
        afterSendTime = serialize(fields, SEND_TIME + 1, Integer.MAX_VALUE);
    }

    /** The prepared form of {@code encoded}: made on its first subscriber's use, then shared. */
    static PreparedFrame of(EncodedFrame encoded) {
        return encoded.derived(PreparedFrame.class, PreparedFrame::prepare);
    }

    private static PreparedFrame prepare(EncodedFrame encoded) {
        return new PreparedFrame(sharedFields(encoded).build());
    }

    /** What every subscriber's message says of {@code encoded}: all but the three fields of its own. */
    static VideoFrame.Builder sharedFields(EncodedFrame encoded) {
        VideoFrame.Builder message = WireFrames.videoFrame(encoded.frame(), encoded.image(), encoded.encoder(),
                encoded.quality(), encoded.camera());
        return encoded.isPassthrough() ? message
                : WireFrames.withEncodeTimes(message, encoded.encodeStartMicros(), encoded.encodeEndMicros());
    }

    /**
     * One subscriber's message: what {@code VideoFrame} with these three fields set serializes to.
     *
     * @param skipped frames the subscriber missed since its previous one
     * @param adapted whether the picture was re-encoded smaller to fit its message limit
     * @param sendEpochMicros when the message is handed to gRPC
     */
    FrameMessage forSubscriber(long skipped, boolean adapted, long sendEpochMicros) {
        byte[] ownSkipped = NOTHING;
        if (skipped != 0) {
            ownSkipped = new byte[CodedOutputStream.computeUInt64Size(SKIPPED, skipped)];
            write(ownSkipped, out -> out.writeUInt64(SKIPPED, skipped));
        }
        byte[] ownAdapted = NOTHING;
        if (adapted) {
            ownAdapted = new byte[CodedOutputStream.computeBoolSize(ADAPTED, true)];
            write(ownAdapted, out -> out.writeBool(ADAPTED, true));
        }
        var sendTime = WireFrames.timestamp(sendEpochMicros);
        byte[] ownSendTime = new byte[CodedOutputStream.computeMessageSize(SEND_TIME, sendTime)];
        write(ownSendTime, out -> out.writeMessage(SEND_TIME, sendTime));
        return new FrameMessage(beforeSkipped, ownSkipped, beforeAdapted, ownAdapted, beforeSendTime, ownSendTime,
                afterSendTime);
    }

    /** The fields numbered {@code from} to {@code to}, serialized as a message of their own. */
    private static byte[] serialize(Map<FieldDescriptor, Object> fields, int from, int to) {
        VideoFrame.Builder part = VideoFrame.newBuilder();
        fields.forEach((field, value) -> {
            if (field.getNumber() >= from && field.getNumber() <= to) {
                part.setField(field, value);
            }
        });
        return part.build().toByteArray();
    }

    private interface Writing {
        void to(CodedOutputStream out) throws IOException;
    }

    private static void write(byte[] into, Writing writing) {
        CodedOutputStream out = CodedOutputStream.newInstance(into);
        try {
            writing.to(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the array is sized for the field
        }
        out.checkNoSpaceLeft();
    }
}
