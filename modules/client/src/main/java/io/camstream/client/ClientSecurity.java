package io.camstream.client;

import io.grpc.CallCredentials;
import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * How a client connects: plaintext (the default) or TLS; under TLS, which certificate authority to
 * trust (the system's unless a CA file is given) and, for mutual TLS, the client's own certificate
 * and key; and a bearer token to send with every call. Immutable: each {@code with…} method returns
 * a new value. The files are PEM and are read when a client connects, so a renewed file is picked up
 * by the next connection. The token is never shown, not even by {@link #toString()}.
 */
public final class ClientSecurity {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private static final ClientSecurity PLAINTEXT = new ClientSecurity(false, null, null, null, null);

    private final boolean tls;
    private final Path trustedCa;
    private final Path certificate;
    private final Path key;
    private final String bearerToken;

    private ClientSecurity(boolean tls, Path trustedCa, Path certificate, Path key, String bearerToken) {
        this.tls = tls;
        this.trustedCa = trustedCa;
        this.certificate = certificate;
        this.key = key;
        this.bearerToken = bearerToken;
    }

    /** No encryption, no server authentication: what camstream speaks by default, and the original sample. */
    public static ClientSecurity plaintext() {
        return PLAINTEXT;
    }

    /** TLS, trusting the system's certificate authorities. */
    public static ClientSecurity tls() {
        return new ClientSecurity(true, null, null, null, null);
    }

    /** TLS, trusting only the certificate authorities in this PEM file (e.g. a private CA's certificate). */
    public ClientSecurity withTrustedCa(Path caFile) {
        return new ClientSecurity(true, Objects.requireNonNull(caFile, "caFile"), certificate, key, bearerToken);
    }

    /** TLS, presenting this certificate chain and PKCS#8 key (both PEM) to servers that ask: mutual TLS. */
    public ClientSecurity withClientCertificate(Path certificateFile, Path keyFile) {
        return new ClientSecurity(true, trustedCa, Objects.requireNonNull(certificateFile, "certificateFile"),
                Objects.requireNonNull(keyFile, "keyFile"), bearerToken);
    }

    /**
     * Sends {@code authorization: Bearer TOKEN} with every call.
     *
     * @throws IllegalArgumentException when the token is blank or not printable ASCII (it could not be
     *     sent as a header); the message never contains the token
     */
    public ClientSecurity withBearerToken(String token) {
        Objects.requireNonNull(token, "token");
        if (token.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
            throw new IllegalArgumentException("the bearer token must be printable ASCII without spaces");
        }
        return new ClientSecurity(tls, trustedCa, certificate, key, token);
    }

    /**
     * Sends the token in this file (its content, surrounding white space stripped) with every call,
     * like {@link #withBearerToken}. A file keeps the token out of command lines and process lists.
     *
     * @throws IllegalArgumentException when the file cannot be read, is empty or holds no valid token,
     *     naming the file but never quoting it
     */
    public ClientSecurity withBearerTokenFrom(Path tokenFile) {
        String token;
        try {
            token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the token file " + tokenFile + ": " + reason(e), e);
        }
        if (token.isEmpty()) {
            throw new IllegalArgumentException("the token file " + tokenFile + " is empty");
        }
        try {
            return withBearerToken(token);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the token file " + tokenFile + ": " + e.getMessage());
        }
    }

    public boolean isTls() {
        return tls;
    }

    /** The CA file trusted instead of the system's authorities, if any. */
    public Optional<Path> trustedCa() {
        return Optional.ofNullable(trustedCa);
    }

    /** The client certificate presented for mutual TLS, if any. */
    public Optional<Path> clientCertificate() {
        return Optional.ofNullable(certificate);
    }

    /** The key of {@link #clientCertificate()}, if any. */
    public Optional<Path> clientKey() {
        return Optional.ofNullable(key);
    }

    public boolean hasBearerToken() {
        return bearerToken != null;
    }

    /**
     * The channel's credentials, the token included, with the files read now.
     *
     * @throws IllegalArgumentException when a file cannot be read, naming it
     */
    ChannelCredentials channelCredentials() {
        ChannelCredentials transport = tls ? tlsCredentials() : InsecureChannelCredentials.create();
        return bearerToken == null ? transport
                : CompositeChannelCredentials.create(transport, new BearerToken(bearerToken));
    }

    private ChannelCredentials tlsCredentials() {
        TlsChannelCredentials.Builder credentials = TlsChannelCredentials.newBuilder();
        // Streams of our own opening rather than grpc's File overloads: NIO says why a file cannot be read.
        if (trustedCa != null) {
            try (InputStream ca = Files.newInputStream(trustedCa)) {
                credentials.trustManager(ca);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the CA file " + trustedCa + ": " + reason(e), e);
            }
        }
        if (certificate != null) {
            try (InputStream chain = Files.newInputStream(certificate)) {
                try (InputStream privateKey = Files.newInputStream(key)) {
                    credentials.keyManager(chain, privateKey);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read the key file " + key + ": " + reason(e), e);
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the certificate file " + certificate + ": "
                        + reason(e), e);
            }
        }
        return credentials.build();
    }

    /** The files that make up the TLS set-up, for a message about one of them that does not say which. */
    String filesForMessages() {
        List<String> files = new ArrayList<>();
        trustedCa().ifPresent(file -> files.add("the CA file " + file));
        clientCertificate().ifPresent(file -> files.add("the certificate file " + file));
        clientKey().ifPresent(file -> files.add("the key file " + file));
        return files.isEmpty() ? "the system's CAs" : String.join(" or ", files);
    }

    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Says what is configured, files by name; a token only by its presence. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add(tls ? "TLS" : "plaintext");
        if (tls) {
            parts.add(trustedCa == null ? "trusting the system CAs" : "trusting " + trustedCa);
        }
        if (certificate != null) {
            parts.add("client certificate " + certificate);
        }
        if (bearerToken != null) {
            parts.add("bearer token");
        }
        return String.join(", ", parts);
    }

    /** Adds the token to every call's headers; grpc-java runs it per call, before the headers go out. */
    private static final class BearerToken extends CallCredentials {
        private final String token;

        BearerToken(String token) {
            this.token = token;
        }

        @Override
        public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token);
            applier.apply(headers);
        }

        @Override
        public String toString() {
            return "bearer token";
        }
    }
}
