package io.camstream.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Three real {@code nats-server}s on 127.0.0.1 joined by routes into one cluster, each with its monitoring
 * port, so a test can see which node a client is connected to ({@code /connz}) and kill that node.
 */
final class NatsCluster implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nats-server");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final int[] clientPorts;
    private final int[] monitorPorts;
    private final Process[] nodes;

    private NatsCluster(int size, Path logs) throws IOException, InterruptedException {
        Prerequisite.require(Files.isExecutable(BINARY),
                "nats-server is not installed; .ci/install-test-deps installs it (Debian's nats-server)");
        clientPorts = freePorts(size);
        monitorPorts = freePorts(size);
        int[] routePorts = freePorts(size);
        nodes = new Process[size];
        for (int i = 0; i < size; i++) {
            List<String> routes = new ArrayList<>();
            for (int j = 0; j < size; j++) {
                if (j != i) {
                    routes.add("nats://127.0.0.1:" + routePorts[j]);
                }
            }
            nodes[i] = new ProcessBuilder(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(clientPorts[i]),
                    "-m", Integer.toString(monitorPorts[i]), "--cluster_name", "camstream-test",
                    "--cluster", "nats://127.0.0.1:" + routePorts[i], "--routes", String.join(",", routes))
                    .redirectErrorStream(true).redirectOutput(logs.resolve("nats-" + i + ".log").toFile()).start();
        }
        for (int port : clientPorts) {
            awaitListening(port);
        }
        awaitRoutes(size - 1);
    }

    /** Starts the cluster and waits until every node routes to every other (30 s at most). */
    static NatsCluster start(int size, Path logs) throws IOException, InterruptedException {
        return new NatsCluster(size, logs);
    }

    /** {@code 127.0.0.1:P1,127.0.0.1:P2,…}: the nodes as an edge's source lists them. */
    String hostPorts() {
        return Arrays.stream(clientPorts).mapToObj(port -> "127.0.0.1:" + port)
                .collect(Collectors.joining(","));
    }

    /** {@code nats://127.0.0.1:P1,nats://127.0.0.1:P2,…}: the nodes as {@code --nats} lists them. */
    String urls() {
        return Arrays.stream(clientPorts).mapToObj(port -> "nats://127.0.0.1:" + port)
                .collect(Collectors.joining(","));
    }

    /** The node a client whose connection name contains {@code name} is connected to, if any. */
    OptionalInt nodeOf(String name) throws IOException, InterruptedException {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] == null) {
                continue;
            }
            for (JsonElement connection : monitor(i, "connz").getAsJsonArray("connections")) {
                JsonElement connectionName = connection.getAsJsonObject().get("name");
                if (connectionName != null && connectionName.getAsString().contains(name)) {
                    return OptionalInt.of(i);
                }
            }
        }
        return OptionalInt.empty();
    }

    /** Kills a node outright, as a crashed machine would go: its clients' connections break at once. */
    void kill(int node) throws InterruptedException {
        nodes[node].destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        nodes[node] = null;
    }

    private JsonObject monitor(int node, String endpoint) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitorPorts[node] + "/"
                + endpoint)).timeout(Duration.ofSeconds(5)).build();
        return JsonParser.parseString(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body())
                .getAsJsonObject();
    }

    private void awaitRoutes(int each) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int i = 0; i < nodes.length; i++) {
            while (monitor(i, "routez").get("num_routes").getAsInt() < each) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("nats node " + i + " did not route to the others within 30 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }

    /** Waits until something listens on 127.0.0.1:{@code port} (10 s at most). */
    static void awaitListening(int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nats-server did not listen on " + port + " within 10 s");
    }

    @Override
    public void close() {
        for (Process node : nodes) {
            if (node != null) {
                node.destroyForcibly();
            }
        }
    }
}
