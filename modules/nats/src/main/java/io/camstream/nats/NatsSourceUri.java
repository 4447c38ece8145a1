package io.camstream.nats;

import io.camstream.capture.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An edge's {@code --source} taken apart: {@code nats://HOST[:PORT][,HOST[:PORT]…]/CAMERA}, or {@code tls://…}
 * for NATS over TLS (with {@code ca=FILE}, the CAs to trust), with {@code user:password@} before the first
 * host or {@code ?creds=FILE} (a NATS {@code .creds} file) or {@code ?token-file=FILE}. A bare token in the URL
 * is refused: a password is masked wherever the source is shown, but a token alone looks like a user name and
 * would not be.
 *
 * @param servers one URL per server, each with the credentials of the URL, e.g. {@code nats://u:p@h1:4222}
 * @param camera the origin's camera
 * @param credentialsFile a {@code .creds} file, or null
 * @param tokenFile a file holding the token, or null
 * @param trustedCa the CA certificates (PEM) to trust for {@code tls://} instead of the JVM's, or null
 */
record NatsSourceUri(List<String> servers, String camera, Path credentialsFile, Path tokenFile, Path trustedCa) {

    static final String FORM = "nats://HOST[:PORT][,HOST[:PORT]…]/CAMERA[?creds=FILE|?token-file=FILE]";
    static final String TLS_FORM = "tls://HOST[:PORT][,HOST[:PORT]…]/CAMERA[?ca=FILE][&creds=FILE|&token-file=FILE]";
    /** NATS' own default client port. */
    static final int DEFAULT_PORT = 4222;
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+)(:\\d{1,5})?");
    private static final Set<String> PARAMETERS = Set.of("ca", "creds", "token-file");

    /**
     * @throws IllegalArgumentException when the source is not of that form (messages show it redacted), or a
     *     file it names cannot be read
     */
    static NatsSourceUri parse(SourceSpec spec) {
        String location = spec.location();
        if (!location.startsWith("//")) {
            throw new IllegalArgumentException("a NATS source is " + FORM + " (or " + TLS_FORM + "), got '"
                    + spec.redacted() + "'");
        }
        String rest = location.substring(2);
        int slash = rest.indexOf('/');
        String camera = slash < 0 ? "" : rest.substring(slash + 1);
        if (camera.isEmpty()) {
            throw new IllegalArgumentException("a NATS source names the origin's camera after the servers, "
                    + spec.scheme() + "://HOST:PORT/CAMERA; got '" + spec.redacted() + "'");
        }
        NatsSubjects.token(camera);
        String authority = rest.substring(0, slash);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        if (!userInfo.isEmpty() && !userInfo.contains(":")) {
            throw new IllegalArgumentException("put a NATS token in a file and add ?token-file=FILE: in the URL it "
                    + "would show wherever the source is named; got '" + spec.redacted().replace(userInfo, "***@")
                    + "'");
        }
        List<String> servers = new ArrayList<>();
        for (String server : authority.substring(at + 1).split(",", -1)) {
            if (!HOST_PORT.matcher(server).matches()) {
                throw new IllegalArgumentException("'" + server + "' is not HOST or HOST:PORT in NATS source '"
                        + spec.redacted() + "' (" + FORM + ")");
            }
            String port = server.startsWith("[") ? server.substring(server.indexOf(']') + 1) : server.replaceAll(
                    "^[^:]*", "");
            servers.add(spec.scheme() + "://" + userInfo + server + (port.isEmpty() ? ":" + DEFAULT_PORT : ""));
        }
        Map<String, String> parameters = spec.parameters();
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown NATS source parameter '" + name + "' (known: ca, "
                        + "creds, token-file) in '" + spec.redacted() + "'");
            }
        }
        Path credentials = readable(parameters.get("creds"), "creds");
        Path token = readable(parameters.get("token-file"), "token-file");
        if (credentials != null && token != null || (credentials != null || token != null) && !userInfo.isEmpty()) {
            throw new IllegalArgumentException("a NATS source takes one kind of credentials (user:password@, "
                    + "?creds=FILE or ?token-file=FILE), got '" + spec.redacted() + "'");
        }
        Path ca = readable(parameters.get("ca"), "ca");
        if (ca != null && !"tls".equals(spec.scheme())) {
            throw new IllegalArgumentException("ca is for TLS: use tls://, got '" + spec.redacted() + "'");
        }
        return new NatsSourceUri(List.copyOf(servers), camera, credentials, token, ca);
    }

    private static Path readable(String file, String parameter) {
        if (file == null) {
            return null;
        }
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("NATS source parameter " + parameter + ": cannot read " + path);
        }
        return path;
    }

    /** The servers for messages: without their credentials. */
    String shownServers() {
        return String.join(",", servers.stream().map(NatsConnections::shown).toList());
    }
}
