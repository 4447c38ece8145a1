package io.camstream.capture;

/**
 * The scenery of the test pattern, computed once: a background twice as wide as the frame that the
 * camera pans across, plus a moving disc drawn per frame.
 */
final class TestPatternBackground {

    private final int width;
    private final int height;
    private final int sceneWidth;
    private final byte[] scene;
    private final int panStep;

    TestPatternBackground(int width, int height) {
        this.width = width;
        this.height = height;
        this.sceneWidth = 2 * width;
        this.scene = new byte[sceneWidth * height * 3];
        this.panStep = Math.max(1, width / 320);
        paint();
    }

    /** Copies the visible window for this frame and draws the disc on it. */
    void render(byte[] pixels, long sequence) {
        int pan = triangle(sequence * panStep, width);
        int rowBytes = width * 3;
        for (int y = 0; y < height; y++) {
            System.arraycopy(scene, (y * sceneWidth + pan) * 3, pixels, y * rowBytes, rowBytes);
        }
        drawDisc(pixels, sequence);
    }

    private void paint() {
        // Separable sines keep this one-off cost small even at 4K: sin(a+b) = sin a cos b + cos a sin b.
        double[][] xs = new double[6][sceneWidth];
        double[][] ys = new double[6][height];
        double zoneX = sceneWidth * 0.3;
        double zoneY = height * 0.5;
        double zoneK = Math.PI / (height * 2.5);
        for (int x = 0; x < sceneWidth; x++) {
            double fx = (double) x / width;
            xs[0][x] = 2 * Math.PI * fx * 0.7;
            xs[1][x] = 2 * Math.PI * fx * 0.4 + 1;
            xs[2][x] = 2 * Math.PI * fx * 1.1 + 2;
            xs[3][x] = x * 0.35;
            xs[4][x] = zoneK * (x - zoneX) * (x - zoneX);
        }
        for (int y = 0; y < height; y++) {
            double fy = (double) y / height;
            ys[0][y] = 2 * Math.PI * fy * 0.3;
            ys[1][y] = -2 * Math.PI * fy * 0.6;
            ys[2][y] = 2 * Math.PI * fy * 0.2;
            ys[3][y] = y * 0.29;
            ys[4][y] = zoneK * (y - zoneY) * (y - zoneY);
        }
        double zoneRadius = height * 0.3;
        int checker = Math.max(4, width / 40);
        for (int y = 0; y < height; y++) {
            double light = 0.55 + 0.45 * (1.0 - (double) y / height);
            boolean fabricRow = y > height * 0.6;
            for (int x = 0; x < sceneWidth; x++) {
                double r = 128 + 90 * Math.sin(xs[0][x] + ys[0][y]);
                double g = 128 + 90 * Math.sin(xs[1][x] + ys[1][y]);
                double b = 128 + 90 * Math.sin(xs[2][x] + ys[2][y]);
                double detail = 0;
                if (fabricRow) {
                    detail += 28 * Math.sin(xs[3][x]) * Math.sin(ys[3][y]);
                }
                double dx = x - zoneX;
                double dy = y - zoneY;
                if (dx * dx + dy * dy < zoneRadius * zoneRadius) {
                    detail += 60 * Math.cos(xs[4][x] + ys[4][y]);
                }
                if (x > sceneWidth * 0.7 && y > height * 0.15 && y < height * 0.45) {
                    detail += ((x / checker + y / checker) % 2 == 0) ? 50 : -50;
                }
                int i = (y * sceneWidth + x) * 3;
                scene[i] = clamp(b * light + detail);
                scene[i + 1] = clamp(g * light + detail);
                scene[i + 2] = clamp(r * light + detail);
            }
        }
    }

    private void drawDisc(byte[] pixels, long sequence) {
        double t = sequence * 0.05;
        int radius = Math.max(8, height / 10);
        int cx = (int) (width / 2 + width * 0.35 * Math.sin(t * 0.9));
        int cy = (int) (height / 2 + height * 0.3 * Math.sin(t * 1.3));
        for (int y = Math.max(0, cy - radius); y < Math.min(height, cy + radius); y++) {
            for (int x = Math.max(0, cx - radius); x < Math.min(width, cx + radius); x++) {
                int dx = x - cx;
                int dy = y - cy;
                int d2 = dx * dx + dy * dy;
                if (d2 < radius * radius) {
                    double shade = 1.0 - 0.6 * Math.sqrt(d2) / radius;
                    int i = (y * width + x) * 3;
                    pixels[i] = clamp(40 * shade);
                    pixels[i + 1] = clamp(150 * shade);
                    pixels[i + 2] = clamp(250 * shade);
                }
            }
        }
    }

    /** A triangle wave from 0 up to max and back, so the pan never jumps. */
    private static int triangle(long position, int max) {
        long phase = position % (2L * max);
        return (int) (phase <= max ? phase : 2L * max - phase);
    }

    private static byte clamp(double value) {
        return (byte) Math.max(0, Math.min(255, (int) value));
    }
}
