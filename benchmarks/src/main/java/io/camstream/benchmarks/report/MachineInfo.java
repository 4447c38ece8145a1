package io.camstream.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The JDK and CPU a run measured, because the numbers depend on both: ImageIO's speed in
 * particular depends on the JDK build (Debian's links the system libjpeg-turbo, others bundle the
 * much slower libjpeg 6b).
 */
public record MachineInfo(String jdk, String javaHome, String cpuModel, int cores, String loadAverage, String os) {

    public static MachineInfo current() {
        String jdk = System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version") + " ("
                + System.getProperty("java.vm.vendor") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch");
        return new MachineInfo(jdk, System.getProperty("java.home"), readCpuModel(),
                Runtime.getRuntime().availableProcessors(), firstLine(Path.of("/proc/loadavg")), os);
    }

    private static String readCpuModel() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            return lines.stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown (no model name in /proc/cpuinfo)");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static String firstLine(Path file) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
