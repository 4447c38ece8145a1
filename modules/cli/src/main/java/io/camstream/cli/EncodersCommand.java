package io.camstream.cli;

import io.camstream.encode.Encoders;
import io.camstream.encode.spi.Availability;
import io.camstream.encode.spi.EncoderProvider;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code camstream encoders}: the encoder plugins found, best first, and whether each can run here. */
@Command(name = "encoders", mixinStandardHelpOptions = true,
        description = "List the encoder plugins found, best first, and whether each is available.")
final class EncodersCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Encoders encoders = Encoders.discover();
        if (encoders.all().isEmpty()) {
            out.println("no encoder plugins found on the module path");
            return 1;
        }
        String format = "%-10s %-10s %-9s %-11s %s%n";
        out.printf(format, "NAME", "AVAILABLE", "PRIORITY", "COLOUR", "DESCRIPTION");
        for (EncoderProvider provider : encoders.all()) {
            Availability availability = provider.availability();
            String modes = provider.colorModes().stream()
                    .map(mode -> mode.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
            out.printf(format, provider.name(), availability.available() ? "yes" : "no", provider.priority(), modes,
                    provider.description() + (availability.available() ? "" : " [unavailable: " + availability.reason() + "]"));
        }
        boolean anyAvailable = encoders.all().stream().anyMatch(p -> p.availability().available());
        out.printf("%ndefault: %s%n", anyAvailable ? encoders.best().name() : "none (no plugin is available)");
        out.flush();
        return anyAvailable ? 0 : 1;
    }
}
