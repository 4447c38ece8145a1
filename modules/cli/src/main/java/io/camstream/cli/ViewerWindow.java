package io.camstream.cli;

import io.camstream.capture.Frame;
import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import javax.swing.JFrame;
import javax.swing.SwingUtilities;
import javax.swing.WindowConstants;

/**
 * The desktop window of {@code camstream view}, like the original sample's {@code cv2.imshow}: the
 * newest frame, scaled to the window, with rate and latency in the title. Closing it or pressing
 * Esc (the sample's key) stops the viewer.
 */
final class ViewerWindow {

    private final JFrame frame;
    private final FramePanel panel;
    private final String title;

    private ViewerWindow(String title, Runnable onClose) {
        this.title = title;
        this.panel = new FramePanel(640, 480);
        this.frame = new JFrame(title);
        frame.setDefaultCloseOperation(WindowConstants.DISPOSE_ON_CLOSE);
        frame.add(panel);
        frame.pack();
        frame.setLocationByPlatform(true);
        frame.addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosed(WindowEvent e) {
                onClose.run();
            }
        });
        frame.addKeyListener(new KeyAdapter() {
            @Override
            public void keyPressed(KeyEvent e) {
                if (e.getKeyCode() == KeyEvent.VK_ESCAPE) {
                    frame.dispose();
                }
            }
        });
        frame.setVisible(true);
    }

    /**
     * Opens the window.
     *
     * @throws IllegalStateException when there is no display to open it on
     */
    static ViewerWindow open(String title, Runnable onClose) throws InterruptedException {
        String display = System.getenv("DISPLAY");
        if (GraphicsEnvironment.isHeadless()) {
            throw new IllegalStateException("no display to open a window on"
                    + (display == null ? " (DISPLAY is not set)" : "") + "; add --headless to watch from the terminal");
        }
        try {
            // AWT connects to the display on first use, and says it cannot with an Error, not an exception.
            GraphicsEnvironment.getLocalGraphicsEnvironment().getDefaultScreenDevice();
        } catch (AWTError | HeadlessException e) {
            throw new IllegalStateException("no display to open a window on (cannot connect to DISPLAY=" + display
                    + "); add --headless to watch from the terminal", e);
        }
        ViewerWindow[] window = new ViewerWindow[1];
        try {
            SwingUtilities.invokeAndWait(() -> window[0] = new ViewerWindow(title, onClose));
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw new IllegalStateException("cannot open a window: " + e.getCause(), e.getCause());
        }
        return window[0];
    }

    /** Shows a picture the viewer decoded (and checked) already: each frame is decoded once. */
    void show(Frame picture) {
        panel.show(FramePanel.image(picture));
    }

    void status(String line) {
        SwingUtilities.invokeLater(() -> frame.setTitle(title + " — " + line));
    }

    void close() {
        SwingUtilities.invokeLater(frame::dispose);
    }
}
