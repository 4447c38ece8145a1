package io.camstream.cli;

import io.camstream.http.CamstreamHttp;
import io.camstream.http.MetricsPage;
import io.camstream.metrics.CamstreamMetrics;
import io.camstream.server.CamstreamServer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camstream server}'s HTTP face: MJPEG streams, snapshots, the live page, {@code /state},
 * {@code /metrics} and the probes, on the same address as gRPC, with its TLS and its tokens.
 */
final class HttpOptions {

    /** Where mjpg-streamer and µStreamer listen, so URLs pasted from them keep working. */
    static final int DEFAULT_PORT = 8080;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "" + DEFAULT_PORT,
            description = "Port of the HTTP face (live page, MJPEG /stream, /snapshot, /state, /metrics, /healthz, "
                    + "/readyz), on the --bind address; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--no-http", description = "Serve gRPC only: no HTTP face.")
    boolean off;

    void validate() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--http-port must be in 0..65535, got " + port);
        }
    }

    /**
     * Starts the HTTP face over the server's cameras, or nothing with {@code --no-http}.
     *
     * @throws IOException naming the address when the port cannot be bound
     */
    Optional<CamstreamHttp> start(CamstreamServer server, String bind, CamstreamMetrics metrics) throws IOException {
        if (off) {
            return Optional.empty();
        }
        CamstreamHttp.Builder http = CamstreamHttp.builder(server.hub()).bind(bind).port(port)
                .access(new HttpAccessControl(server)).metrics(scrape(metrics));
        server.tlsContext().ifPresent(context -> http.tls(context, server.mutualTls()));
        try {
            return Optional.of(http.start());
        } catch (IOException e) {
            throw new IOException("cannot listen for HTTP on " + bind + ":" + port + " (" + e.getMessage()
                    + "); choose another port with --http-port, or --no-http to serve gRPC only", e);
        }
    }

    private static MetricsPage scrape(CamstreamMetrics metrics) {
        return new MetricsPage() {
            @Override
            public String contentType() {
                return metrics.contentType();
            }

            @Override
            public void write(OutputStream out) throws IOException {
                metrics.write(out);
            }
        };
    }
}
