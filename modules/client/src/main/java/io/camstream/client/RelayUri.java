package io.camstream.client;

import io.camstream.capture.SourceSpec;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A relay source's URI taken apart: {@code grpc://HOST:PORT[/CAMERA][?token-file=FILE]}, or over TLS
 * {@code grpcs://HOST:PORT[/CAMERA][?ca=FILE&cert=FILE&key=FILE&token-file=FILE]}. Only file names
 * go into the URI, never a token: source URIs show up in logs and in {@code Describe}.
 *
 * @param target {@code HOST:PORT}
 * @param camera the upstream's camera, or empty for its first
 * @param security how to connect
 */
record RelayUri(String target, String camera, ClientSecurity security) {

    static final String FORMS = "grpc://HOST:PORT[/CAMERA] or grpcs://HOST:PORT[/CAMERA]";
    private static final Set<String> PARAMETERS = Set.of("ca", "cert", "key", "token-file");

    /**
     * @throws IllegalArgumentException when the URI is not of that form, has unknown, repeated or
     *     empty parameters, TLS files without grpcs://, a certificate without its key (or the other
     *     way round), or a token file that cannot be read (the other files are read on connecting)
     */
    static RelayUri parse(URI uri) {
        boolean tls = "grpcs".equals(uri.getScheme());
        if (!(tls || "grpc".equals(uri.getScheme())) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("a relay source is " + FORMS + ", got " + shown(uri));
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a relay source takes no user or password in its URL (it would show "
                    + "wherever the source is named); put a token in a file and add ?token-file=FILE, got "
                    + shown(uri));
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        String camera = path.startsWith("/") ? path.substring(1) : path;
        Map<String, String> parameters = parameters(uri);
        ClientSecurity security = tls ? ClientSecurity.tls() : ClientSecurity.plaintext();
        if (!tls && (parameters.containsKey("ca") || parameters.containsKey("cert") || parameters.containsKey("key"))) {
            throw new IllegalArgumentException("ca, cert and key are for TLS: use grpcs://, got " + shown(uri));
        }
        if (parameters.containsKey("ca")) {
            security = security.withTrustedCa(Path.of(parameters.get("ca")));
        }
        if (parameters.containsKey("cert") != parameters.containsKey("key")) {
            throw new IllegalArgumentException("cert and key go together (a client certificate and its key), got "
                    + shown(uri));
        }
        if (parameters.containsKey("cert")) {
            security = security.withClientCertificate(Path.of(parameters.get("cert")), Path.of(parameters.get("key")));
        }
        if (parameters.containsKey("token-file")) {
            security = security.withBearerTokenFrom(Path.of(parameters.get("token-file")));
        }
        return new RelayUri(uri.getHost() + ":" + uri.getPort(), camera, security);
    }

    /** The URI for messages, redacted and without its parameters: a mistyped one might hold a secret. */
    private static String shown(URI uri) {
        String redacted = SourceSpec.parse(uri.toString()).redacted();
        int query = redacted.indexOf('?');
        return query < 0 ? redacted : redacted.substring(0, query);
    }

    private static Map<String, String> parameters(URI uri) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() == null || uri.getRawQuery().isEmpty()) {
            return parameters;
        }
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (!PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("unknown relay source parameter '" + name + "' (known: ca, cert, "
                        + "key, token-file), got " + shown(uri));
            }
            if (equals < 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("relay source parameter '" + name + "' needs a file, got "
                        + shown(uri));
            }
            // A '+' in a file name is a plus, not a space: these are paths, not form fields.
            String value = URLDecoder.decode(pair.substring(equals + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (parameters.put(name, value) != null) {
                throw new IllegalArgumentException("relay source parameter '" + name + "' is given twice, got "
                        + shown(uri));
            }
        }
        return parameters;
    }
}
