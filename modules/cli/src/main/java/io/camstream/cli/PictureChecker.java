package io.camstream.cli;

import io.camstream.capture.FrameStamp;
import io.camstream.capture.PixelFormat;
import io.camstream.protocol.v1.VideoFrame;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import javax.imageio.ImageIO;

/** Decodes a received picture and checks it against its metadata, as a careful viewer should. */
final class PictureChecker {

    private PictureChecker() {
    }

    static ViewStats.PictureCheck check(VideoFrame frame) {
        BufferedImage image;
        try (InputStream in = frame.getData().newInput()) {
            image = ImageIO.read(in);
        } catch (IOException | RuntimeException e) {
            return ViewStats.PictureCheck.UNDECODABLE;
        }
        if (image == null || image.getWidth() != frame.getWidth() || image.getHeight() != frame.getHeight()) {
            return ViewStats.PictureCheck.UNDECODABLE;
        }
        // Frames from sources without a stamp (real cameras) are not judged by it.
        if (!hasStampedSize(image)) {
            return ViewStats.PictureCheck.OK;
        }
        var reading = readStamp(image);
        if (reading.isEmpty()) {
            return ViewStats.PictureCheck.OK;
        }
        long micros = frame.getCaptureTime().getSeconds() * 1_000_000L + frame.getCaptureTime().getNanos() / 1000;
        return reading.get().matches(frame.getSequence(), micros)
                ? ViewStats.PictureCheck.OK
                : ViewStats.PictureCheck.STAMP_MISMATCH;
    }

    private static boolean hasStampedSize(BufferedImage image) {
        return image.getWidth() >= FrameStamp.MIN_WIDTH && image.getHeight() >= FrameStamp.MIN_HEIGHT;
    }

    private static java.util.Optional<FrameStamp.Reading> readStamp(BufferedImage image) {
        return switch (image.getType()) {
            case BufferedImage.TYPE_BYTE_GRAY -> FrameStamp.read(pixels(image), image.getWidth(), image.getHeight(), PixelFormat.GRAY8);
            case BufferedImage.TYPE_3BYTE_BGR -> FrameStamp.read(pixels(image), image.getWidth(), image.getHeight(), PixelFormat.BGR24);
            default -> java.util.Optional.empty();
        };
    }

    private static byte[] pixels(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }
}
