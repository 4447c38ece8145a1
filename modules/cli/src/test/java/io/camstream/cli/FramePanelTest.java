package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.junit.jupiter.api.Test;

class FramePanelTest {

    @Test
    void scalesThePictureToFitAndLetterboxesTheRest() {
        BufferedImage wide = new BufferedImage(640, 240, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D picture = wide.createGraphics();
        picture.setColor(Color.RED);
        picture.fillRect(0, 0, 640, 240);
        picture.dispose();
        FramePanel panel = new FramePanel(320, 240);
        panel.setSize(320, 240);

        panel.show(wide);
        BufferedImage screen = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = screen.createGraphics();
        panel.paint(g);
        g.dispose();

        // 640x240 into 320x240 is 320x120, centred: black bars above and below.
        assertEquals(Color.RED.getRGB(), screen.getRGB(160, 120));
        assertEquals(Color.RED.getRGB(), screen.getRGB(5, 65));
        assertEquals(Color.BLACK.getRGB(), screen.getRGB(160, 30));
        assertEquals(Color.BLACK.getRGB(), screen.getRGB(160, 210));
    }

    @Test
    void aBgrFrameIsShownInItsColoursWithoutCopyingItsPixels() {
        // 2x1: a red pixel then a blue one, in BGR order.
        byte[] bgr = {0, 0, (byte) 255, (byte) 255, 0, 0};

        BufferedImage image = FramePanel.image(new Frame(1, 0, 2, 1, PixelFormat.BGR24, bgr));

        assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType(), "the layout Java2D draws fastest");
        assertEquals(Color.RED.getRGB(), image.getRGB(0, 0));
        assertEquals(Color.BLUE.getRGB(), image.getRGB(1, 0));
        assertSame(bgr, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), "shared, not copied");
    }

    @Test
    void aGrayFrameIsShownAsTheGrayImageImageIoWouldHaveDecoded() {
        byte[] gray = {0, (byte) 200, (byte) 255};

        BufferedImage image = FramePanel.image(new Frame(1, 0, 3, 1, PixelFormat.GRAY8, gray));

        assertEquals(BufferedImage.TYPE_BYTE_GRAY, image.getType());
        BufferedImage decodedLikeImageIo = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        decodedLikeImageIo.getRaster().setDataElements(0, 0, 3, 1, gray);
        for (int x = 0; x < 3; x++) {
            assertEquals(decodedLikeImageIo.getRGB(x, 0), image.getRGB(x, 0), "pixel " + x);
        }
        assertSame(gray, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), "shared, not copied");
    }
}
