package io.camstream.server;

import io.camstream.server.auth.AuthFile;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What protects a server: its TLS (or none), its access control, and the start-up lines that say
 * so. The files behind them (certificate, key, client CA, auth file) are watched on the server's
 * housekeeping thread and re-read when they change.
 */
final class ServerSecurity implements AutoCloseable {

    /** Where the files are and how the server uses them; null files are features left off. */
    record Settings(Path certificate, Path key, Path clientCa, Path authFile, boolean legacyOpen,
            Duration reloadInterval) {
    }

    private final ServerTls tls;
    private final AccessControl access;
    private final Settings settings;
    private final String defaultCamera;

    private ServerSecurity(ServerTls tls, AccessControl access, Settings settings, String defaultCamera) {
        this.tls = tls;
        this.access = access;
        this.settings = settings;
        this.defaultCamera = defaultCamera;
    }

    /**
     * Loads the files and starts watching them.
     *
     * @throws IllegalArgumentException naming a file that does not load and why
     * @throws IOException when a file cannot be read
     */
    static ServerSecurity load(Settings settings, String defaultCamera, ScheduledExecutorService housekeeping)
            throws IOException {
        ServerTls tls = settings.certificate() == null ? null : ServerTls.load(settings.certificate(), settings.key(),
                settings.clientCa(), housekeeping, settings.reloadInterval());
        try {
            if (settings.authFile() == null) {
                return new ServerSecurity(tls, new AccessControl(null, settings.legacyOpen(), defaultCamera),
                        settings, defaultCamera);
            }
            Path file = settings.authFile();
            AccessControl access = new AccessControl(AuthFile.read(file), settings.legacyOpen(), defaultCamera);
            // Lives as long as the housekeeping thread: closing the server stops it.
            new FileWatch("auth file", List.of(file), () -> access.update(AuthFile.read(file)), housekeeping,
                    settings.reloadInterval());
            return new ServerSecurity(tls, access, settings, defaultCamera);
        } catch (IOException | RuntimeException e) {
            if (tls != null) {
                tls.close();
            }
            throw e;
        }
    }

    /** The server's TLS, or null for plaintext. */
    ServerTls tls() {
        return tls;
    }

    AccessControl access() {
        return access;
    }

    boolean mutualTls() {
        return tls != null && tls.mutual();
    }

    /** One line each: encryption, who is admitted, the original sample's protocol. Names files, never contents. */
    List<String> summary() {
        List<String> lines = new ArrayList<>();
        lines.add(tls != null ? tls.describe() : "plaintext (no TLS): anyone on the path can read the frames and any "
                + "token; --tls-cert and --tls-key to encrypt");
        if (access.enabled()) {
            lines.add("access: tokens and certificates in " + settings.authFile() + " (re-read when it changes)");
            lines.add(settings.legacyOpen()
                    ? "WARNING: --legacy-open: the original sample's MainServer protocol watches camera '"
                            + defaultCamera + "' without a token"
                    : "the original sample's MainServer protocol needs --legacy-open (it cannot send a token)");
        } else {
            lines.add(mutualTls()
                    ? "access: any client with a certificate from the client CA, with every right (no --auth-file)"
                    : "access: open to anyone who can connect (no --auth-file)");
        }
        return lines;
    }

    @Override
    public void close() {
        if (tls != null) {
            tls.close();
        }
    }
}
