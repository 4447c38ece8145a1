package io.camstream.nats;

import io.nats.client.Nats;
import io.nats.client.Options;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The NATS connection camstream makes: the servers to try (the client moves to another when one goes),
 * credentials as NATS offers them (in the URL, {@code nats://TOKEN@host} or {@code nats://USER:PASS@host},
 * or a {@code .creds} file), TLS with {@code tls://} URLs, reconnecting for ever, and no buffer of frames
 * while disconnected (latest wins: the publisher drops them instead).
 */
final class NatsConnections {

    private NatsConnections() {
    }

    /**
     * @param servers {@code nats://HOST:PORT} or {@code tls://HOST:PORT} URLs, at least one
     * @param credentialsFile a NATS {@code .creds} file (JWT and NKey seed), or null
     * @param name how this connection shows in the NATS server's monitoring
     */
    static Options options(List<String> servers, Path credentialsFile, String name) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("--nats needs at least one server URL, e.g. nats://127.0.0.1:4222");
        }
        Options.Builder options = new Options.Builder().servers(servers.toArray(String[]::new))
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(250))
                .connectionTimeout(Duration.ofSeconds(2))
                .reconnectBufferSize(0)
                .noEcho();
        if (credentialsFile != null) {
            options.authHandler(Nats.credentials(credentialsFile.toString()));
        }
        return options.build();
    }
}
