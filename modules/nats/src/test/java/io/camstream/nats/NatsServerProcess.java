package io.camstream.nats;

import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code nats-server} (Debian's package) on 127.0.0.1 for a test, on a free port that stays the
 * same across {@link #stop()} and {@link #start()}, so a test can take NATS away and bring it back.
 */
final class NatsServerProcess implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final int port;
    private final String config;
    private final Path log;
    private Process process;

    /** @param config nats-server configuration lines (e.g. {@code max_payload: 65536}), or empty */
    NatsServerProcess(String config, Path log) throws IOException {
        Prerequisite.require(Files.isExecutable(BINARY),
                "nats-server is not installed; .ci/install-test-deps installs it (Debian's nats-server)");
        try (ServerSocket free = new ServerSocket(0)) {
            this.port = free.getLocalPort();
        }
        this.config = config;
        this.log = log;
    }

    int port() {
        return port;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts the server and waits until it accepts connections (10 s at most). */
    NatsServerProcess start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "-a", "127.0.0.1", "-p",
                Integer.toString(port)));
        if (!config.isEmpty()) {
            Path file = Files.createTempFile("nats-", ".conf");
            Files.writeString(file, config);
            file.toFile().deleteOnExit();
            command.addAll(List.of("-c", file.toString()));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IOException("nats-server exited with " + process.exitValue() + "; see " + log);
                }
                Thread.sleep(50);
            }
        }
        throw new IOException("nats-server did not listen on " + port + " within 10 s; see " + log);
    }

    /** Stops the server (the clients see their connection go). */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
