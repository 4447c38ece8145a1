package io.camstream.client;

import io.grpc.Status;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * Explains, in one line that names the fix, why a call failed when the reason is how the client
 * connects: TLS on one side only, a server certificate the client does not trust or that names
 * another host, a client certificate the server requires or refuses, a missing or refused token.
 * gRPC itself reports most of these as UNAVAILABLE "io exception" or "Network closed for unknown
 * reason", with the reason buried in Netty's exceptions.
 *
 * <p>What each case looks like was found by trying it (grpc-netty-shaded 1.85, whose TLS is
 * BoringSSL; the JDK's own TLS names the same alerts in lower case). ConnectionProblemsTest and the
 * server module's TlsConnectionTest pin them down.
 */
public final class ConnectionProblems {

    /** How a fix is spelled: as the command's flags, or as a relay source URL's parts. */
    public enum Spelling {
        /** {@code --tls}, {@code --ca FILE}, {@code --cert FILE --key FILE}, {@code --token-file FILE}. */
        FLAGS("--tls", "without --tls, --ca, --cert and --key", "--ca FILE", "--cert FILE --key FILE",
                "--token-file FILE (or CAMSTREAM_TOKEN)"),
        /** {@code grpcs://}, {@code ?ca=FILE}, {@code ?cert=FILE&key=FILE}, {@code ?token-file=FILE}. */
        RELAY_URL("grpcs://", "with grpc:// instead of grpcs://", "?ca=FILE", "?cert=FILE&key=FILE",
                "?token-file=FILE");

        private final String tls;
        private final String plaintext;
        private final String ca;
        private final String certificate;
        private final String token;

        Spelling(String tls, String plaintext, String ca, String certificate, String token) {
            this.tls = tls;
            this.plaintext = plaintext;
            this.ca = ca;
            this.certificate = certificate;
            this.token = token;
        }
    }

    // BoringSSL says TLSV1_ALERT_CERTIFICATE_REQUIRED, the JDK "Received fatal alert: certificate_required".
    private static final Pattern ALERT = Pattern.compile("(?i)alert(?:_|: )([a-z_]+)");
    /** Alerts a server sends about the client's certificate: none given, or not accepted. */
    private static final Set<String> CLIENT_CERTIFICATE_ALERTS = Set.of("CERTIFICATE_REQUIRED", "BAD_CERTIFICATE",
            "UNKNOWN_CA", "CERTIFICATE_UNKNOWN", "UNSUPPORTED_CERTIFICATE", "CERTIFICATE_REVOKED",
            "CERTIFICATE_EXPIRED", "ACCESS_DENIED");
    // A TLS record starts with its type (0x15 alert, 0x16 handshake) and version 0x03xx: what a
    // plaintext client sees of a TLS server that answers before closing.
    private static final Pattern TLS_RECORD_DUMP = Pattern.compile(
            "First received frame was not SETTINGS\\. Hex dump for first 5 bytes: 1[56]03");

    private static final Pattern SUBJECT_ALTERNATIVE_NAMES = Pattern.compile("subjectAlternativeNames=(\\[[^\\]]*\\])");
    // BoringSSL checks the pair when the handshake needs the key; the JDK's TLS when the context is built.
    private static final Pattern KEY_MISMATCH = Pattern.compile("KEY_VALUES_MISMATCH|Error setting certificate");

    private static final Pattern CONNECTION_RESET = Pattern.compile("Connection reset");

    private ConnectionProblems() {
    }

    /**
     * The fix for a failed call, when its status shows a connection or authorization problem.
     *
     * @param security how the client connected
     * @param connectedBefore whether this client had ever completed a connection to the server; a
     *     connection closed at once means TLS only when it never had (a server that stops mid-stream
     *     closes connections too)
     * @return one line without the status itself, or empty for any other failure
     */
    public static Optional<String> explain(Status status, ClientSecurity security, boolean connectedBefore,
            Spelling spelling) {
        return Optional.ofNullable(switch (status.getCode()) {
            case UNAUTHENTICATED -> security.hasBearerToken()
                    ? "the server refused the token: check the one given with " + spelling.token
                    : "the server requires a token: give it with " + spelling.token;
            case PERMISSION_DENIED -> "the server does not permit this to this client: its token (or certificate) "
                    + "does not cover this role or camera";
            case UNAVAILABLE -> security.isTls()
                    ? tlsProblem(status, security, spelling)
                    : plaintextProblem(status, connectedBefore, spelling);
            default -> null;
        });
    }

    /**
     * The status in one line for after an explanation: its code and description, and for gRPC's
     * generic descriptions ("io exception") the underlying reason instead.
     */
    public static String detail(Status status) {
        String description = status.getDescription();
        // gRPC's own words for "see the cause", sometimes followed by Netty's pipeline.
        boolean generic = description == null || description.startsWith("io exception")
                || description.startsWith("ssl exception");
        if (generic && status.getCause() != null) {
            description = rootMessage(status.getCause());
        }
        String line = status.getCode() + (description == null ? "" : ": " + description);
        line = line.replaceAll("\\s+", " ").strip();
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }

    private static String plaintextProblem(Status status, boolean connectedBefore, Spelling spelling) {
        String description = status.getDescription() == null ? "" : status.getDescription();
        String useTls = "use " + spelling.tls + " (and " + spelling.ca + " if its certificate is from a private CA)";
        if (TLS_RECORD_DUMP.matcher(description).find()) {
            return "the server speaks TLS and this client does not: " + useTls;
        }
        // Mostly the TLS server just closes (BoringSSL); now and then the close becomes a reset.
        boolean closedAtOnce = description.equals("Network closed for unknown reason")
                || status.getCause() != null && firstMatch(status.getCause(), CONNECTION_RESET) != null;
        if (!connectedBefore && closedAtOnce) {
            return "the server closed the connection before answering, as TLS servers do to plaintext clients: "
                    + useTls;
        }
        return null;
    }

    private static String tlsProblem(Status status, ClientSecurity security, Spelling spelling) {
        Throwable cause = status.getCause();
        if (cause == null) {
            return null;
        }
        if (find(cause, "NotSslRecordException") != null) {
            return "the server does not speak TLS: connect " + spelling.plaintext + ", or enable TLS on the server";
        }
        if (find(cause, CertificateExpiredException.class) != null
                || find(cause, CertificateNotYetValidException.class) != null) {
            return "the server's certificate has expired or is not valid yet: renew it, or check this machine's clock";
        }
        if (find(cause, CertPathBuilderException.class) != null) {
            return "the server's certificate is not signed by "
                    + security.trustedCa().map(ca -> "the CA in " + ca).orElse("a CA this system trusts")
                    + ": use " + spelling.ca + " with the CA that issued it";
        }
        String wrongName = messageStartingWith(cause, "No subject alternative", "No name matching");
        if (wrongName != null) {
            Matcher names = firstMatch(cause, SUBJECT_ALTERNATIVE_NAMES);
            return "the server's certificate is for other names (" + wrongName
                    + (names == null ? "" : "; it names " + names.group(1)) + "): connect by a name it lists";
        }
        if (security.clientCertificate().isPresent() && firstMatch(cause, KEY_MISMATCH) != null) {
            return "the client certificate " + security.clientCertificate().orElseThrow() + " and key "
                    + security.clientKey().orElseThrow() + " do not belong together";
        }
        String alert = alert(cause);
        if (alert != null && CLIENT_CERTIFICATE_ALERTS.contains(alert)) {
            return security.clientCertificate()
                    .map(certificate -> "the server did not accept the client certificate " + certificate
                            + " (" + alert.toLowerCase(Locale.ROOT) + "; from a CA it does not trust?): use "
                            + spelling.certificate + " with one its CA issued")
                    .orElse("the server requires a client certificate (mutual TLS): use " + spelling.certificate);
        }
        if (find(cause, SSLException.class) != null) {
            return "the TLS handshake with the server failed: " + rootMessage(cause);
        }
        return null;
    }

    private static Throwable find(Throwable chain, Class<? extends Throwable> type) {
        for (Throwable t = chain; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return t;
            }
        }
        return null;
    }

    /** By simple name: Netty's class is shaded into grpc-netty-shaded, and unshaded in grpc-netty. */
    private static Throwable find(Throwable chain, String simpleName) {
        for (Throwable t = chain; t != null; t = t.getCause()) {
            if (t.getClass().getSimpleName().equals(simpleName)) {
                return t;
            }
        }
        return null;
    }

    /** The innermost message with one of the prefixes: the JDK wraps a short reason in longer ones. */
    private static String messageStartingWith(Throwable chain, String... prefixes) {
        String found = null;
        for (Throwable t = chain; t != null; t = t.getCause()) {
            for (String prefix : prefixes) {
                if (t.getMessage() != null && t.getMessage().startsWith(prefix)) {
                    found = t.getMessage();
                }
            }
        }
        return found;
    }

    private static Matcher firstMatch(Throwable chain, Pattern pattern) {
        for (Throwable t = chain; t != null; t = t.getCause()) {
            Matcher matcher = t.getMessage() == null ? null : pattern.matcher(t.getMessage());
            if (matcher != null && matcher.find()) {
                return matcher;
            }
        }
        return null;
    }

    private static String alert(Throwable chain) {
        Matcher matcher = firstMatch(chain, ALERT);
        return matcher == null ? null : matcher.group(1).toUpperCase(Locale.ROOT);
    }

    private static String rootMessage(Throwable chain) {
        Throwable root = chain;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
