package io.camstream.cli;

import io.camstream.capture.Frame;
import io.camstream.capture.spi.Availability;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code camstream encoders}: the encoder plugins found, best first, whether each can run here, and how fast. */
@Command(name = "encoders", mixinStandardHelpOptions = true,
        description = "List the encoder plugins found, best first, and whether each is available here. "
                + "With --measure, time each available one on test-pattern frames.")
final class EncodersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--measure",
            description = "Encode test-pattern frames with each available encoder and print frames per second.")
    boolean measure;

    @Option(names = "--size", paramLabel = "WxH", converter = FrameSize.FrameConverter.class, split = ",",
            defaultValue = "640x480",
            description = "Frame sizes to measure, comma-separated, each from 160x120 (the smallest test pattern) "
                    + "to 7680x4320. Default: ${DEFAULT-VALUE}.")
    List<FrameSize> sizes;

    @Option(names = "--quality", defaultValue = "" + EncoderOptions.DEFAULT_QUALITY,
            description = "JPEG quality to measure at. Default: ${DEFAULT-VALUE}.")
    int quality;

    @Option(names = "--color", description = "Measure colour instead of gray.")
    boolean color;

    @Option(names = "--frames", paramLabel = "N", defaultValue = "200",
            description = "Frames to time per encoder and size, after warm-up. Default: ${DEFAULT-VALUE}.")
    int frames;

    @Override
    public Integer call() throws IOException, InterruptedException {
        // Checked before the list is printed: a mistake gets its line alone, not after a table.
        EncoderOptions options = measure ? measureOptions() : null;
        PrintWriter out = spec.commandLine().getOut();
        Encoders encoders = Encoders.discover();
        if (encoders.all().isEmpty()) {
            out.println("no encoder plugins found on the module path");
            return 1;
        }
        list(encoders, out);
        boolean anyAvailable = encoders.all().stream().anyMatch(p -> p.availability().available());
        out.printf("%ndefault: %s%n", anyAvailable ? encoders.best().name() : "none (no plugin is available)");
        out.flush();
        if (measure && anyAvailable) {
            measure(encoders, options, out);
        }
        return anyAvailable ? 0 : 1;
    }

    /** The widest plugin name, so the columns line up whatever plugins are on the module path. */
    private static int nameWidth(Encoders encoders) {
        return Math.max(10, encoders.all().stream().mapToInt(provider -> provider.name().length()).max().orElse(0));
    }

    private static void list(Encoders encoders, PrintWriter out) {
        String format = "%-" + nameWidth(encoders) + "s %-10s %-9s %-11s %-8s %s%n";
        out.printf(format, "NAME", "AVAILABLE", "PRIORITY", "COLOUR", "QUALITY", "DESCRIPTION");
        for (EncoderProvider provider : encoders.all()) {
            Availability availability = provider.availability();
            String modes = provider.colorModes().stream()
                    .map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
            out.printf(format, provider.name(), availability.available() ? "yes" : "no", provider.priority(), modes,
                    provider.minQuality() + "-" + provider.maxQuality(),
                    provider.description()
                            + (availability.available() ? "" : " [unavailable: " + availability.reason() + "]"));
        }
    }

    private EncoderOptions measureOptions() {
        if (frames < 1) {
            throw new ParameterException(spec.commandLine(), "--frames must be at least 1, got " + frames);
        }
        try {
            return new EncoderOptions(quality, color ? ColorMode.COLOR : ColorMode.GRAY);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--quality: " + e.getMessage());
        }
    }

    private void measure(Encoders encoders, EncoderOptions options, PrintWriter out)
            throws IOException, InterruptedException {
        out.printf(Locale.ROOT, "%nBGR test pattern -> %s JPEG q%d, one thread, %d frames after warm-up "
                + "(a quick check; the JMH suite gives comparable numbers)%n",
                color ? "colour" : "gray", quality, frames);
        String nameColumn = "%-" + nameWidth(encoders) + "s";
        String format = "%-10s " + nameColumn + " %10s %10s %10s %12s%n";
        out.printf(format, "SIZE", "ENCODER", "FRAMES/S", "MS/FRAME", "KIB/FRAME", "VS FASTEST");
        for (FrameSize size : sizes) {
            List<Frame> input = EncoderMeasurement.frames(size);
            List<EncoderProvider> available = encoders.all().stream()
                    .filter(p -> p.availability().available()).toList();
            List<EncoderMeasurement> results = available.stream()
                    .map(provider -> EncoderMeasurement.measure(provider, options, input, frames)).toList();
            double fastest = results.stream().mapToDouble(EncoderMeasurement::framesPerSecond).max().orElse(1);
            for (int i = 0; i < available.size(); i++) {
                EncoderMeasurement result = results.get(i);
                out.printf(Locale.ROOT, "%-10s " + nameColumn + " %10.1f %10.2f %10.1f %11.2fx%n", size,
                        available.get(i).name(), result.framesPerSecond(), 1000 / result.framesPerSecond(),
                        result.meanBytes() / 1024,
                        result.framesPerSecond() / fastest);
            }
            out.flush();
        }
    }
}
