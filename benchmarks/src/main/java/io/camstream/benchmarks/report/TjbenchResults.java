package io.camstream.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libjpeg-turbo's own single-thread compression speed, read from {@code tjbench -quiet} output
 * (what {@code benchmarks/tjbench.sh} saves): the native ceiling the Java encoders are held against.
 */
public final class TjbenchResults {

    /**
     * One tjbench line.
     *
     * @param subsampling {@code GRAY} or {@code 4:2:0}
     * @param megapixelsPerSecond compression speed as tjbench reports it
     */
    public record Line(String subsampling, int quality, int width, int height, double megapixelsPerSecond) {

        /** The same speed in frames of this size per second. */
        public double framesPerSecond() {
            return megapixelsPerSecond * 1e6 / ((double) width * height);
        }

        /** {@code GRAY} for gray, {@code COLOR} for 4:2:0, matching the hot path's colour parameter. */
        public String colorMode() {
            return subsampling.equals("GRAY") ? "GRAY" : "COLOR";
        }
    }

    // e.g. "BGR  (TD)  GRAY     95    640    480     259.4   3.416   N/A"
    private static final Pattern LINE = Pattern.compile(
            "^\\S+\\s+\\(\\S+\\)\\s+(GRAY|4:\\d:\\d)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s.*$");

    private final List<Line> lines;

    private TjbenchResults(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    /**
     * Parses tjbench's tabular output; lines that are not results are skipped. When a setting was
     * run several times the fastest run counts, as the best JMH iteration does on the Java side.
     */
    public static TjbenchResults parse(String output) {
        List<Line> lines = new ArrayList<>();
        for (String text : output.split("\\R")) {
            Matcher m = LINE.matcher(text.trim());
            if (m.matches()) {
                lines.add(new Line(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                        Integer.parseInt(m.group(4)), Double.parseDouble(m.group(5))));
            }
        }
        return new TjbenchResults(lines);
    }

    /** The file's results, or none when the file does not exist (tjbench could not be installed). */
    public static TjbenchResults read(Path file) throws IOException {
        return file != null && Files.isRegularFile(file)
                ? parse(Files.readString(file)) : new TjbenchResults(List.of());
    }

    public List<Line> lines() {
        return lines;
    }

    /** The result for this frame size, colour mode ({@code GRAY} or {@code COLOR}) and quality. */
    public Optional<Line> find(String size, String colorMode, int quality) {
        return lines.stream().filter(l -> (l.width() + "x" + l.height()).equals(size)
                && l.colorMode().equals(colorMode.toUpperCase(Locale.ROOT)) && l.quality() == quality)
                .max(Comparator.comparingDouble(Line::megapixelsPerSecond));
    }

    /** One line per setting (the fastest run of each), in the order first seen. */
    public List<Line> best() {
        Map<String, Line> best = new LinkedHashMap<>();
        for (Line l : lines) {
            best.merge(l.width() + "x" + l.height() + " " + l.subsampling() + " " + l.quality(), l,
                    (a, b) -> a.megapixelsPerSecond() >= b.megapixelsPerSecond() ? a : b);
        }
        return List.copyOf(best.values());
    }
}
