package io.camstream.transport;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.camstream.capture.Frame;
import io.camstream.encode.EncodedImage;
import io.camstream.protocol.v1.VideoFrame;
import java.util.Base64;

/**
 * A frame encoded in one variant, shared by every subscriber of that variant. The wire forms (the
 * JPEG as a {@link ByteString}, and its base64 for the legacy service) are made once, on first use.
 */
final class EncodedFrame {

    private final Frame frame;
    private final String camera;
    private final Variant variant;
    private final EncodedImage image;
    private final ByteString data;
    private volatile ByteString base64;

    EncodedFrame(Frame frame, String camera, Variant variant, EncodedImage image) {
        this.frame = frame;
        this.camera = camera;
        this.variant = variant;
        this.image = image;
        // The encoder hands over a fresh array nobody writes to again, so wrapping it is safe.
        this.data = UnsafeByteOperations.unsafeWrap(image.data());
    }

    long sequence() {
        return frame.sequence();
    }

    EncodedImage image() {
        return image;
    }

    int size() {
        return image.data().length;
    }

    /** The base64 text of the JPEG, as the original sample's {@code Reply.datas} carries it. */
    ByteString base64() {
        ByteString text = base64;
        if (text == null) {
            // Two threads may both compute it the first time; the results are equal, so that is harmless.
            text = UnsafeByteOperations.unsafeWrap(Base64.getEncoder().encode(image.data()));
            base64 = text;
        }
        return text;
    }

    /**
     * The v1 message for one subscriber.
     *
     * @param skipped frames this subscriber missed since its previous frame
     * @param adapted whether this encoding was chosen to fit the subscriber's size limit
     */
    VideoFrame toVideoFrame(long skipped, boolean adapted) {
        return videoFrame(frame, image, variant.encoder(), variant.options().quality(), data, camera)
                .setSkipped(skipped)
                .setAdapted(adapted)
                .build();
    }

    /** Everything a VideoFrame says about one encoded frame; servers and publishers add the rest. */
    static VideoFrame.Builder videoFrame(Frame frame, EncodedImage image, String encoder, int quality, ByteString data,
            String camera) {
        return VideoFrame.newBuilder()
                .setSequence(frame.sequence())
                .setCaptureTime(WireTime.timestamp(frame.captureEpochMicros()))
                .setWidth(image.width())
                .setHeight(image.height())
                .setContentType(image.contentType())
                .setEncoder(encoder)
                .setEncodeTime(WireTime.duration(image.encodeNanos()))
                .setColor(Describer.toProto(image.color()))
                .setQuality(quality)
                .setData(data)
                .setNoSignal(frame.placeholder())
                .setStamped(frame.stamped())
                .setCamera(camera);
    }
}
