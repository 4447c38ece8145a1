package io.camstream.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A file that JPEG frames are stored into as they were received, never re-encoded: Matroska or MP4 with each
 * frame's capture time as its timestamp ({@link MuxedRecording}), or plain concatenated JPEGs
 * ({@link ConcatenatedJpegs}). One thread writes; {@link #close} finishes the file.
 */
interface Recording extends AutoCloseable {

    /**
     * Stores one frame.
     *
     * @param captureEpochMicros when it was captured; the file's timestamps are these, counted from the first
     * @return false when the frame was left out: its capture time is not after the previous one's at the file's
     *     resolution (a container cannot show two pictures at one instant)
     */
    boolean write(byte[] jpeg, long captureEpochMicros) throws IOException;

    /** Finishes the file (a container's index and duration); later calls do nothing. */
    @Override
    void close() throws IOException;

    /** The kinds of file, told by the name's extension. */
    enum Format {
        MATROSKA("matroska"),
        MP4("mp4"),
        MJPEG(null);

        /** The FFmpeg muxer, or null for concatenated JPEGs. */
        private final String muxer;

        Format(String muxer) {
            this.muxer = muxer;
        }

        /** @throws IllegalArgumentException for an extension other than .mkv, .mp4, .mjpeg or .mjpg */
        static Format of(Path file) {
            String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".mkv")) {
                return MATROSKA;
            }
            if (name.endsWith(".mp4")) {
                return MP4;
            }
            if (name.endsWith(".mjpeg") || name.endsWith(".mjpg")) {
                return MJPEG;
            }
            throw new IllegalArgumentException("cannot tell the format of '" + file.getFileName() + "': name it "
                    + "*.mkv (Matroska), *.mp4 or *.mjpeg (concatenated JPEGs)");
        }

        /** Creates the file for frames of this size (a container records it in its header). */
        Recording create(Path file, int width, int height) throws IOException {
            return muxer == null ? ConcatenatedJpegs.create(file) : MuxedRecording.create(file, muxer, width, height);
        }
    }
}
