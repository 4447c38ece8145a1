package io.camstream.cli;

import io.camstream.hub.Hub;
import io.camstream.nats.NatsOrigin;
import io.camstream.nats.NatsSourceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code camstream server}'s NATS origin: every camera's frames published once to NATS, for edges and any
 * NATS client ({@code camstream.CAMERA.frames}, README "Scale out").
 */
final class NatsOptions {


    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--nats", paramLabel = "URL", split = ",",
            description = "Publish every camera's frames to these NATS servers (nats://HOST:4222, tls://…; a token or "
                    + "user:password may precede the host, nats://TOKEN@HOST:4222), on camstream.CAMERA.frames.")
    List<String> servers = new ArrayList<>();

    @Option(names = "--nats-creds", paramLabel = "FILE", description = "A NATS .creds file (JWT and NKey seed).")
    Path credentials;

    @Option(names = "--nats-ca", paramLabel = "FILE",
            description = "Trust the CA certificates in this PEM file for tls:// NATS servers instead of the JVM's.")
    Path trustedCa;

    void validate() {
        for (String server : servers) {
            if (!server.matches("(nats|tls)://\\S+")) {
                throw new ParameterException(spec.commandLine(),
                        "--nats takes nats://HOST:PORT or tls://HOST:PORT URLs, got '" + server + "'");
            }
        }
        if (credentials != null && !Files.isReadable(credentials)) {
            throw new ParameterException(spec.commandLine(), "--nats-creds: cannot read " + credentials);
        }
        if (credentials != null && servers.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--nats-creds needs --nats");
        }
        if (trustedCa != null && !Files.isReadable(trustedCa)) {
            throw new ParameterException(spec.commandLine(), "--nats-ca: cannot read " + trustedCa);
        }
        if (trustedCa != null && !servers.stream().allMatch(server -> server.startsWith("tls://"))) {
            throw new ParameterException(spec.commandLine(), "--nats-ca is for TLS: give --nats tls://HOST:PORT URLs");
        }
    }

    /**
     * Refuses an edge that would publish a camera back to the subject it reads it from, on the same NATS servers:
     * it would receive its own frames again and publish them again, for ever. Publishing an edge's camera under
     * another name, or to other NATS servers (a bridge between sites), is fine.
     */
    void refuseFeedback(List<CameraSpec> cameras) {
        for (CameraSpec camera : cameras) {
            if (!servers.isEmpty() && NatsSourceProvider.feedsBack(camera.name(), camera.source(), servers)) {
                throw new ParameterException(spec.commandLine(), "camera '" + camera.name() + "' reads "
                        + "camstream." + camera.name() + ".frames from NATS and --nats would publish it there "
                        + "again, to itself; give the edge's camera another name (" + camera.name() + "-edge=…) or "
                        + "leave out --nats");
            }
        }
    }

    /** The origin, or nothing without --nats; it connects in the background and keeps trying. */
    Optional<NatsOrigin> start(Hub hub) throws IOException, InterruptedException {
        return servers.isEmpty() ? Optional.empty() : Optional.of(NatsOrigin.start(hub, servers, credentials,
                trustedCa));
    }

    /** The servers as shown in the log: without the credentials a URL may carry. */
    String shownServers() {
        return String.join(",", servers.stream().map(url -> url.replaceAll("//[^@/]*@", "//")).toList());
    }
}
