package io.camstream.encode.opencv;

/**
 * How a frame is cut into horizontal strips: {@code strips} strips of {@code stripHeight} rows, the
 * last one taking what is left. Strip heights are whole MCU rows, so no strip depends on another
 * (no chroma subsampling across a cut, no padding inside the picture), and no strip holds more MCUs
 * than a JPEG restart interval can count.
 */
record StripPlan(int height, int strips, int stripHeight) {

    /**
     * When strips are worth it.
     *
     * @param maxStrips how many strips a frame is cut into at most when the restart interval allows
     *     (one per core)
     * @param minPixels frames smaller than this are encoded in one pass: handing strips to other
     *     threads costs more than it saves
     * @param minMcuRowsPerStrip fewer MCU rows than this per strip is not worth a strip
     */
    record Limits(int maxStrips, long minPixels, int minMcuRowsPerStrip) {

        Limits {
            if (maxStrips < 1 || minPixels < 0 || minMcuRowsPerStrip < 1) {
                throw new IllegalArgumentException("bad strip limits: " + maxStrips + ", " + minPixels + ", "
                        + minMcuRowsPerStrip);
            }
        }

        /** One strip per core, for frames of a megapixel or more, at least two MCU rows per strip. */
        static Limits forThisMachine() {
            return new Limits(Runtime.getRuntime().availableProcessors(), 1_000_000, 2);
        }
    }

    /**
     * The plan for a frame; one strip when it is not worth cutting.
     *
     * @param narrowestMcu the narrowest MCU the encoder may use, to count MCUs per row at worst
     * @param maxMcusPerStrip the largest restart interval allowed
     */
    static StripPlan of(int width, int height, int mcuHeight, int narrowestMcu, int maxMcusPerStrip, Limits limits) {
        int mcuRows = (height + mcuHeight - 1) / mcuHeight;
        int strips = Math.min(limits.maxStrips(), mcuRows / limits.minMcuRowsPerStrip());
        if ((long) width * height < limits.minPixels() || strips < 2) {
            return new StripPlan(height, 1, height);
        }
        int mcusPerRow = (width + narrowestMcu - 1) / narrowestMcu;
        int rowsPerStrip = Math.min((mcuRows + strips - 1) / strips, Math.max(1, maxMcusPerStrip / mcusPerRow));
        int stripHeight = rowsPerStrip * mcuHeight;
        return new StripPlan(height, (height + stripHeight - 1) / stripHeight, stripHeight);
    }

    int top(int strip) {
        return strip * stripHeight;
    }

    int rows(int strip) {
        return Math.min(stripHeight, height - top(strip));
    }
}
