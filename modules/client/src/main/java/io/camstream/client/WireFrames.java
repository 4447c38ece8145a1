package io.camstream.client;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameInbox;
import io.camstream.capture.Jpeg;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.JpegDecoder;
import io.camstream.protocol.v1.VideoFrame;

/**
 * The one mapping between camstream's frames and the {@code camstream.v1} wire, both ways: servers
 * and publishers make {@link VideoFrame}s of encoded frames, and hubs fed by publishers and relays
 * turn received ones back into frames.
 */
public final class WireFrames {

    private WireFrames() {
    }

    /**
     * Everything a VideoFrame says about one encoded frame; callers add what is theirs to say (frames
     * skipped, adapted). The picture's bytes are wrapped, not copied: encoders hand over arrays
     * nobody writes to again.
     */
    public static VideoFrame.Builder videoFrame(Frame frame, EncodedImage image, String encoder, int quality,
            String camera) {
        return VideoFrame.newBuilder()
                .setSequence(frame.sequence())
                .setCaptureTime(timestamp(frame.captureEpochMicros()))
                .setWidth(image.width())
                .setHeight(image.height())
                .setContentType(image.contentType())
                .setEncoder(encoder)
                .setEncodeTime(duration(image.encodeNanos()))
                .setColor(toProto(image.color()))
                .setQuality(quality)
                .setData(UnsafeByteOperations.unsafeWrap(image.data()))
                .setNoSignal(frame.placeholder())
                .setStamped(frame.stamped())
                .setCamera(camera);
    }

    /**
     * Adds when encoding began and ended (microseconds since the epoch, on the clock of the capture
     * time), so that a viewer can tell waiting for an encoder from encoding. Not for a source's JPEG sent
     * as it is (encoder "passthrough"): nothing was encoded, and the fields stay unset.
     */
    public static VideoFrame.Builder withEncodeTimes(VideoFrame.Builder frame, long startEpochMicros,
            long endEpochMicros) {
        return frame.setEncodeStartTime(timestamp(startEpochMicros)).setEncodeEndTime(timestamp(endEpochMicros));
    }

    /**
     * A received frame, to be read only if it is used: its JPEG header then, checked against the
     * taker's pixel budget, and its pixels only if someone needs them, so that a hub can send the very
     * bytes it received to viewers who want them as they are ({@link Frame#ofJpeg}). A frame without a
     * valid number of its own (0 or negative) gets 1, and no stamp claim: the camera taking it
     * renumbers it after its last one.
     */
    public static FrameInbox.Pending pending(VideoFrame frame) {
        boolean numbered = frame.getSequence() >= 1;
        return budget -> {
            Jpeg jpeg = Jpeg.parse(frame.getData().toByteArray());
            budget.check(jpeg.width(), jpeg.height());
            return Frame.ofJpeg(numbered ? frame.getSequence() : 1, epochMicros(frame.getCaptureTime()), jpeg,
                    JpegDecoder::pixels, frame.getNoSignal(), frame.getStamped() && numbered);
        };
    }

    /** A capture time in microseconds since the epoch, as a protobuf {@link Timestamp}. */
    public static Timestamp timestamp(long epochMicros) {
        return Timestamp.newBuilder()
                .setSeconds(Math.floorDiv(epochMicros, 1_000_000L))
                .setNanos((int) Math.floorMod(epochMicros, 1_000_000L) * 1000)
                .build();
    }

    /** Microseconds since the epoch of a protobuf {@link Timestamp}. */
    public static long epochMicros(Timestamp timestamp) {
        return timestamp.getSeconds() * 1_000_000L + timestamp.getNanos() / 1000;
    }

    /** A duration in nanoseconds as a protobuf {@link Duration}. */
    public static Duration duration(long nanos) {
        return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L)
                .setNanos((int) (nanos % 1_000_000_000L)).build();
    }

    public static io.camstream.protocol.v1.ColorMode toProto(ColorMode mode) {
        return mode == ColorMode.GRAY
                ? io.camstream.protocol.v1.ColorMode.COLOR_MODE_GRAY
                : io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR;
    }

    /** The colour mode asked for, or null when the request leaves it to the server. */
    public static ColorMode fromProto(io.camstream.protocol.v1.ColorMode color) {
        return switch (color) {
            case COLOR_MODE_GRAY -> ColorMode.GRAY;
            case COLOR_MODE_COLOR -> ColorMode.COLOR;
            case COLOR_MODE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
