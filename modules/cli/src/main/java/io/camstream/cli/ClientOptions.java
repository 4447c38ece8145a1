package io.camstream.cli;

import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import io.camstream.client.ConnectionProblems;
import io.grpc.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How the commands that connect to a server ({@code view}, {@code publish}) secure the connection.
 * There is deliberately no {@code --token}: a command line shows in every process list, so the
 * token comes from a file or the environment.
 */
final class ClientOptions {

    static final String TOKEN_VARIABLE = "CAMSTREAM_TOKEN";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--tls", description = "Connect over TLS, trusting the system's certificate authorities. "
            + "Implied by --ca, --cert and --key.")
    boolean tls;

    @Option(names = "--ca", paramLabel = "FILE", description = "Trust the certificate authorities in this PEM file "
            + "instead of the system's (e.g. a private CA's certificate). Implies --tls.")
    Path ca;

    @Option(names = "--cert", paramLabel = "FILE", description = "Present this client certificate (PEM) to a server "
            + "that requires one (mutual TLS); with --key. Implies --tls.")
    Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "The private key of --cert (PEM, PKCS#8).")
    Path key;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Send the bearer token in this file with "
            + "every call. Default: the " + TOKEN_VARIABLE + " environment variable, if set.")
    Path tokenFile;

    /**
     * Only to refuse: without it picocli would answer {@code --token SECRET} with "Unknown options:
     * '--token', 'SECRET'", printing the very secret this design keeps off the command line.
     */
    @Option(names = "--token", hidden = true, paramLabel = "TOKEN")
    void refuseToken(String ignored) {
        throw new ParameterException(command.commandLine(), "there is no --token: a command line shows in every "
                + "process list; put the token in a file for --token-file FILE, or in " + TOKEN_VARIABLE);
    }

    /** Where {@value #TOKEN_VARIABLE} is looked up; tests put their own. */
    UnaryOperator<String> environment = System::getenv;

    /**
     * The security these options ask for, the token read now.
     *
     * @throws ParameterException when --cert and --key are not given together, or the token cannot be read
     */
    ClientSecurity security() {
        if ((certificate == null) != (key == null)) {
            throw new ParameterException(command.commandLine(), certificate == null
                    ? "--key needs --cert: the client certificate that goes with the key"
                    : "--cert needs --key: the private key of the client certificate");
        }
        ClientSecurity security = tls || ca != null || certificate != null ? ClientSecurity.tls()
                : ClientSecurity.plaintext();
        if (ca != null) {
            security = security.withTrustedCa(ca);
        }
        if (certificate != null) {
            security = security.withClientCertificate(certificate, key);
        }
        try {
            if (tokenFile != null) {
                return security.withBearerTokenFrom(tokenFile);
            }
            String token = environment.apply(TOKEN_VARIABLE);
            // Set but empty is how shells unset a variable for one command: no token.
            return token == null || token.isBlank() ? security : security.withBearerToken(token.strip());
        } catch (IllegalArgumentException e) {
            // ClientSecurity's messages name the file, never the token.
            throw new ParameterException(command.commandLine(),
                    (tokenFile != null ? "--token-file: " : TOKEN_VARIABLE + ": ") + e.getMessage());
        }
    }

    /**
     * Connects with {@code security} (from {@link #security()}, made once for all of a command's connections).
     *
     * @throws ParameterException when a certificate, key or CA file cannot be read or parsed
     */
    CamstreamClient connect(ClientSecurity security, String target, int maxMessageBytes, boolean quickListeners) {
        try {
            return CamstreamClient.connect(target, security, maxMessageBytes, quickListeners);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    /**
     * {@code TARGET: EXPLANATION (STATUS)} when the call failed because of how the client connects (TLS, a
     * token), naming the fix; see {@link ConnectionProblems}.
     */
    static Optional<String> explain(CamstreamClient client, String target, Status status) {
        return client.explain(status)
                .map(explanation -> target + ": " + explanation + " (" + ConnectionProblems.detail(status) + ")");
    }

    /** Warns once when {@code security} would send its token in the clear beyond this machine. */
    void warnIfTokenInTheClear(ClientSecurity security, String target, PrintWriter err) {
        if (security.hasBearerToken() && !security.isTls() && !isLoopback(target)) {
            err.println(command.qualifiedName() + ": warning: the token goes to " + target
                    + " unencrypted, readable on the way; use --tls");
            err.flush();
        }
    }

    /** By name only, without a DNS lookup: 127.x.x.x, ::1 and localhost. */
    static boolean isLoopback(String target) {
        String host = target.startsWith("[") ? target.substring(1, Math.max(1, target.indexOf(']')))
                : target.lastIndexOf(':') > 0 ? target.substring(0, target.lastIndexOf(':')) : target;
        return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
    }
}
