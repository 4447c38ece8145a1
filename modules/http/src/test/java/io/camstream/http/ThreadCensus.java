package io.camstream.http;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Who runs what in this JVM, for the figures the load tests print. */
final class ThreadCensus {

    private ThreadCensus() {
    }

    /** The live threads by name, numbers dropped: who runs what. */
    static Map<String, Long> byName() {
        return Thread.getAllStackTraces().keySet().stream().collect(Collectors.groupingBy(
                t -> t.getName().replaceAll("[0-9]+", "N"), TreeMap::new, Collectors.counting()));
    }

    /** What the HTTP server's threads do: idle in a pool, or the camstream or Jetty method deepest in their stack. */
    static Map<String, Long> httpThreadsDoing() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(entry -> entry.getKey().getName().startsWith("camstream-http-")
                        && !entry.getKey().getName().contains("acceptor"))
                .collect(Collectors.groupingBy(entry -> doing(entry.getValue()), TreeMap::new, Collectors.counting()));
    }

    private static String doing(StackTraceElement[] stack) {
        if (Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("idleJobPoll"))) {
            return "idle";
        }
        return Arrays.stream(stack).filter(frame -> frame.getClassName().startsWith("io.camstream")
                        || frame.getClassName().startsWith("org.eclipse.jetty")).findFirst()
                .map(frame -> frame.getClassName().replaceAll(".*\\.", "") + "." + frame.getMethodName()).orElse("?");
    }
}
