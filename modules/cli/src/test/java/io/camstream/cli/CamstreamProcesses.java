package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the real {@code ./camstream} launcher as processes, on the module path: the way users run
 * it, and the only way to catch module-path failures that surefire's class path hides. Every
 * process a test starts is killed after it, whatever happened.
 */
abstract class CamstreamProcesses {

    static final Path ROOT = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern HTTP_LISTENING = Pattern.compile("HTTP on https?://127\\.0\\.0\\.1:(\\d+)/");

    final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        processes.forEach(Process::destroyForcibly);
    }

    /** The JSON summary a command printed on the last line of its standard output. */
    static JsonObject lastJson(Result result) {
        String[] lines = result.stdout().strip().split("\\n");
        return JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    }

    Process start(String... args) throws IOException {
        return start(command(args));
    }

    /** Starts a command prepared by {@link #command}, e.g. with an environment of its own; output and errors merged. */
    Process start(ProcessBuilder command) throws IOException {
        Process process = command.redirectErrorStream(true).start();
        processes.add(process);
        return process;
    }

    /**
     * The command line for {@code ./camstream ARGS}. A server whose test names no HTTP port takes a free one
     * ({@code --http-port 0}): tests start many servers at once, and the default 8080 would let only one listen.
     */
    static ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("camstream").toString());
        command.addAll(List.of(args));
        if (args.length > 0 && args[0].equals("server") && !command.contains("--http-port")
                && !command.contains("--no-http") && !command.contains("--help")) {
            command.addAll(List.of("--http-port", "0"));
        }
        return new ProcessBuilder(command).directory(ROOT.toFile());
    }

    /** The HTTP port a server (read by {@link #awaitPort}) printed, waiting for the line if need be. */
    static int awaitHttpPort(Process server, List<String> output) throws InterruptedException {
        awaitLine(server, output, "HTTP on http");
        synchronized (output) {
            for (String line : output) {
                Matcher matcher = HTTP_LISTENING.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            return fail("no HTTP port in: " + output);
        }
    }

    static int awaitPort(Process server, List<String> output) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    synchronized (output) {
                        output.add(line);
                    }
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IllegalStateException("server exited: " + output));
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            synchronized (output) {
                fail("the server did not start: " + output, e);
            }
            throw e;
        }
    }

    /** Waits until the server (read by {@link #awaitPort}) has printed a line containing {@code text}. */
    static void awaitLine(Process server, List<String> output, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && server.isAlive()) {
            synchronized (output) {
                if (output.stream().anyMatch(line -> line.contains(text))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        synchronized (output) {
            fail("no line with '" + text + "' within 60 s: " + output);
        }
    }

    /** Runs a command to completion with standard output and error kept apart. */
    Result run(String... args) throws Exception {
        Path stdout = Files.createTempFile("camstream-out", ".txt");
        Path stderr = Files.createTempFile("camstream-err", ".txt");
        try {
            Process process = command(args).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            processes.add(process);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                fail("camstream " + String.join(" ", args) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }
}
