package io.camstream.cli;

import io.camstream.capture.Sources;
import io.camstream.capture.VideoDevices;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code camstream sources}: the kinds of source found, whether each can run here, and the cameras present. */
@Command(name = "sources", mixinStandardHelpOptions = true,
        description = "List the kinds of --source found (scheme, availability, forms) and probe /dev/video* "
                + "for cameras.")
final class SourcesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Sources sources = Sources.discover();
        String format = "%-8s %-22s %-10s %s%n";
        out.printf(format, "KIND", "SCHEMES", "AVAILABLE", "DESCRIPTION");
        for (SourceProvider provider : sources.all()) {
            Availability availability = provider.availability();
            out.printf(format, provider.name(), String.join(",", provider.schemes()),
                    availability.available() ? "yes" : "no",
                    provider.description()
                            + (availability.available() ? "" : " [unavailable: " + availability.reason() + "]"));
        }
        out.printf("%n--source forms: %s%n", sources.describeForms());
        out.printf("%nvideo devices (/dev/video*):%n");
        List<VideoDevices.Device> devices = VideoDevices.system().list();
        if (devices.isEmpty()) {
            out.println("  none: no camera here; use --source pattern, file:PATH or a stream URL");
        }
        for (VideoDevices.Device device : devices) {
            out.printf("  %-14s camera:%-4d %-28s %s%n", device.path(), device.index(),
                    device.name().isEmpty() ? "(no name)" : device.name(),
                    device.accessible() ? "accessible" : "no permission (is this user in the 'video' group?)");
        }
        out.flush();
        return sources.all().stream().anyMatch(p -> p.availability().available()) ? 0 : 1;
    }
}
