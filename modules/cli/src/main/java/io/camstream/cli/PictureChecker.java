package io.camstream.cli;

import com.google.protobuf.ByteString;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameStamp;
import io.camstream.client.WireFrames;
import io.camstream.encode.JpegDecoder;
import io.camstream.protocol.v1.VideoFrame;
import java.io.IOException;
import java.io.InputStream;

/** Checks a received picture against its metadata, as a careful viewer should. */
final class PictureChecker {

    private PictureChecker() {
    }

    /**
     * What checking one picture found, and the decoded picture when it was decoded (null otherwise),
     * so that a window shows the very picture that was checked instead of decoding it again.
     *
     * @param decodeNanos how long decoding took (the stamp check not included); -1 when not decoded
     */
    record Checked(ViewStats.PictureCheck result, Frame picture, long decodeNanos) {
    }

    /**
     * Decodes the picture and compares its size and stamp with the metadata; with {@code decode}
     * false, only reads the size from the JPEG header (cheap enough for load tests). With
     * {@code stamped} false the stamp is not read (legacy replies carry no metadata to compare it with).
     */
    static Checked check(VideoFrame frame, boolean decode, boolean stamped) {
        if (!decode) {
            int[] size = JpegHeader.size(frame.getData());
            return new Checked(size != null && size[0] == frame.getWidth() && size[1] == frame.getHeight()
                    ? ViewStats.PictureCheck.OK
                    : ViewStats.PictureCheck.UNDECODABLE, null, -1);
        }
        long micros = WireFrames.epochMicros(frame.getCaptureTime());
        Frame picture;
        long started = System.nanoTime();
        // newInput() reads the received bytes in place: no copy of the JPEG before decoding it.
        try (InputStream jpeg = frame.getData().newInput()) {
            picture = JpegDecoder.decode(jpeg, Math.max(1, frame.getSequence()), micros, frame.getNoSignal(),
                    frame.getStamped());
        } catch (IOException | RuntimeException e) {
            return new Checked(ViewStats.PictureCheck.UNDECODABLE, null, -1);
        }
        long decodeNanos = System.nanoTime() - started;
        if (picture.width() != frame.getWidth() || picture.height() != frame.getHeight()) {
            return new Checked(ViewStats.PictureCheck.UNDECODABLE, picture, decodeNanos);
        }
        if (!stamped || !frame.getStamped()) {
            return new Checked(ViewStats.PictureCheck.OK, picture, decodeNanos);
        }
        // A stamp the server vouches for must read back exactly; one shrunk past reading is not judged.
        ViewStats.PictureCheck result = FrameStamp.read(picture)
                .map(reading -> reading.matches(frame.getSequence(), micros)
                        ? ViewStats.PictureCheck.OK
                        : ViewStats.PictureCheck.STAMP_MISMATCH)
                .orElse(ViewStats.PictureCheck.OK);
        return new Checked(result, picture, decodeNanos);
    }

    /** Reads a JPEG's dimensions from its frame header without decoding it. */
    static final class JpegHeader {

        private JpegHeader() {
        }

        /**
         * {width, height}, or null when the bytes are not a well-formed JPEG up to its frame header.
         * Reads the few bytes it needs in place, without copying the picture.
         */
        static int[] size(ByteString jpeg) {
            int n = jpeg.size();
            if (n < 4 || unsigned(jpeg, 0) != 0xFF || unsigned(jpeg, 1) != 0xD8
                    || unsigned(jpeg, n - 2) != 0xFF || unsigned(jpeg, n - 1) != 0xD9) {
                return null;
            }
            int i = 2;
            while (i + 9 < n) {
                if (unsigned(jpeg, i) != 0xFF) {
                    return null;
                }
                int marker = unsigned(jpeg, i + 1);
                int length = (unsigned(jpeg, i + 2) << 8) | unsigned(jpeg, i + 3);
                // SOF0..SOF15 carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
                if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
                    int height = (unsigned(jpeg, i + 5) << 8) | unsigned(jpeg, i + 6);
                    int width = (unsigned(jpeg, i + 7) << 8) | unsigned(jpeg, i + 8);
                    return new int[] {width, height};
                }
                i += 2 + length;
            }
            return null;
        }

        private static int unsigned(ByteString bytes, int index) {
            return bytes.byteAt(index) & 0xFF;
        }
    }
}
