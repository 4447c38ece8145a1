package io.camstream.cli;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import javax.swing.JPanel;

/** Paints the newest received picture, scaled to fit and centred, on black. */
final class FramePanel extends JPanel {

    private static final long serialVersionUID = 1L;

    private transient volatile BufferedImage picture;

    FramePanel(int width, int height) {
        setBackground(Color.BLACK);
        setPreferredSize(new Dimension(width, height));
    }

    /**
     * A frame's pixels as an image that shares the frame's array instead of copying it: nobody
     * writes a frame's pixels once it exists (see {@link Frame}). GRAY8 and BGR24 frames become
     * images of {@link BufferedImage#TYPE_BYTE_GRAY} and {@link BufferedImage#TYPE_3BYTE_BGR}, the
     * layouts Java2D draws fastest.
     */
    static BufferedImage image(Frame frame) {
        boolean gray = frame.format() == PixelFormat.GRAY8;
        int channels = frame.format().channels();
        DataBufferByte pixels = new DataBufferByte(frame.pixels(), frame.pixels().length);
        // Band offsets per pixel: gray has one band; BGR24 keeps red third, green second, blue first.
        int[] offsets = gray ? new int[] {0} : new int[] {2, 1, 0};
        WritableRaster raster = Raster.createInterleavedRaster(pixels, frame.width(), frame.height(),
                frame.width() * channels, channels, offsets, null);
        ComponentColorModel colours = new ComponentColorModel(
                ColorSpace.getInstance(gray ? ColorSpace.CS_GRAY : ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        return new BufferedImage(colours, raster, false, null);
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
