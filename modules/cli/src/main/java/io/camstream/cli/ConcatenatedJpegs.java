package io.camstream.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * JPEGs one after another, as MJPEG over HTTP carries them and {@code ffplay -f mjpeg} reads them. The format
 * has no timestamps: a player shows the frames at the rate it is told; each picture of camstream's test pattern
 * still carries its capture time in its stamp.
 */
final class ConcatenatedJpegs implements Recording {

    private final OutputStream out;
    private boolean closed;

    private ConcatenatedJpegs(OutputStream out) {
        this.out = out;
    }

    static ConcatenatedJpegs create(Path file) throws IOException {
        return new ConcatenatedJpegs(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
    }

    @Override
    public boolean write(byte[] jpeg, long captureEpochMicros) throws IOException {
        out.write(jpeg);
        return true;
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
