package io.camstream.cli;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import javax.swing.JPanel;

/** Paints the newest received picture, scaled to fit and centred, on black. */
final class FramePanel extends JPanel {

    private static final long serialVersionUID = 1L;

    private transient volatile BufferedImage picture;

    FramePanel(int width, int height) {
        setBackground(Color.BLACK);
        setPreferredSize(new Dimension(width, height));
    }

    /** Shows this picture from now on; safe from any thread. */
    void show(BufferedImage next) {
        picture = next;
        repaint();
    }

    @Override
    protected void paintComponent(Graphics graphics) {
        super.paintComponent(graphics);
        BufferedImage current = picture;
        if (current == null) {
            return;
        }
        double scale = Math.min((double) getWidth() / current.getWidth(), (double) getHeight() / current.getHeight());
        int width = (int) Math.round(current.getWidth() * scale);
        int height = (int) Math.round(current.getHeight() * scale);
        Graphics2D g = (Graphics2D) graphics;
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(current, (getWidth() - width) / 2, (getHeight() - height) / 2, width, height, null);
    }
}
