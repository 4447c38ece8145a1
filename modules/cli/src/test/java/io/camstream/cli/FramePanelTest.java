package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
}
