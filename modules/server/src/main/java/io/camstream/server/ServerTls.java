package io.camstream.server;

import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import io.grpc.util.CertificateUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The server's TLS: its certificate and key, and for mutual TLS the CA its clients' certificates
 * must come from. The files are re-read when they change (see {@link FileWatch}); handshakes after
 * that use the new ones, connections already open keep theirs. A pair that does not load or does
 * not match is never served: the previous one stays.
 */
final class ServerTls implements AutoCloseable {

    private final Path certificateFile;
    private final Path keyFile;
    private final Path clientCaFile;
    private final AdvancedTlsX509KeyManager keyManager = new AdvancedTlsX509KeyManager();
    private final AdvancedTlsX509TrustManager trustManager;
    private final List<FileWatch> watches = new ArrayList<>();
    private volatile X509Certificate certificate;

    private ServerTls(Path certificateFile, Path keyFile, Path clientCaFile) throws CertificateException {
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.clientCaFile = clientCaFile;
        this.trustManager = clientCaFile == null ? null : AdvancedTlsX509TrustManager.newBuilder()
                // A server does not check a client's host name: the CA vouches for who it is.
                .setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_ONLY_VERIFICATION)
                .build();
    }

    /**
     * Loads the files and keeps watching them.
     *
     * @param clientCaFile the CA for mutual TLS, or null to accept clients without certificates
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    static ServerTls load(Path certificateFile, Path keyFile, Path clientCaFile, ScheduledExecutorService executor,
            Duration reloadInterval) throws IOException {
        try {
            ServerTls tls = new ServerTls(certificateFile, keyFile, clientCaFile);
            tls.loadIdentity();
            tls.watches.add(new FileWatch("TLS certificate and key", List.of(certificateFile, keyFile),
                    tls::loadIdentity, executor, reloadInterval));
            if (clientCaFile != null) {
                tls.loadClientCa();
                tls.watches.add(new FileWatch("client CA (--client-ca)", List.of(clientCaFile), tls::loadClientCa,
                        executor, reloadInterval));
            }
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    ServerCredentials credentials() {
        TlsServerCredentials.Builder credentials = TlsServerCredentials.newBuilder().keyManager(keyManager);
        if (trustManager != null) {
            credentials.trustManager(trustManager).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
        }
        return credentials.build();
    }

    /**
     * The same identity (and client CA) for a listener that is not gRPC's, such as the HTTP face:
     * its handshakes use the key and trust managers the file watches update, so renewals reach it too.
     */
    SSLContext sslContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(new KeyManager[] {keyManager}, trustManager == null ? null : new TrustManager[] {trustManager},
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK offers no TLS context", e);
        }
    }

    /** One line for the start-up log: what the server presents and whom it admits. */
    String describe() {
        X509Certificate current = certificate;
        String presents = "TLS with " + current.getSubjectX500Principal().getName() + " (expires "
                + current.getNotAfter().toInstant() + ")";
        return clientCaFile == null ? presents
                : presents + ", mutual: clients need a certificate from " + clientCaFile;
    }

    /** Whether clients must show a certificate from the client CA. */
    boolean mutual() {
        return clientCaFile != null;
    }

    /** Whether the certificate has expired, so the start-up log can say so (a renewal may be on its way). */
    boolean expired() {
        return certificate.getNotAfter().toInstant().isBefore(Instant.now());
    }

    private void loadIdentity() throws IOException, GeneralSecurityException {
        X509Certificate[] chain;
        try (InputStream in = Files.newInputStream(certificateFile)) {
            chain = CertificateUtils.getX509Certificates(in);
        }
        if (chain.length == 0) {
            throw new IllegalArgumentException(certificateFile + ": no PEM certificate in it");
        }
        PrivateKey key = readKey(keyFile);
        checkPair(chain[0], key);
        keyManager.updateIdentityCredentials(chain, key);
        certificate = chain[0];
    }

    private void loadClientCa() throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(clientCaFile)) {
            X509Certificate[] authorities = CertificateUtils.getX509Certificates(in);
            if (authorities.length == 0) {
                throw new IllegalArgumentException(clientCaFile + ": no PEM certificate in it");
            }
            trustManager.updateTrustCredentials(authorities);
        }
    }

    /** A PKCS#8 key (RSA or EC); the older one-algorithm forms get the command that converts them. */
    static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        for (String legacy : List.of("RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY")) {
            if (pem.contains("-----BEGIN " + legacy + "-----")) {
                throw new IllegalArgumentException(file + ": a '" + legacy + "' PEM; camstream reads unencrypted "
                        + "PKCS#8 keys ('BEGIN PRIVATE KEY'): convert it with "
                        + "openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
            }
        }
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException(file + ": no PEM private key ('BEGIN PRIVATE KEY') in it");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateUtils.getPrivateKey(in);
        }
    }

    /** Signs with the key and verifies with the certificate: a renewal caught between its two files fails here. */
    private void checkPair(X509Certificate leaf, PrivateKey key) throws GeneralSecurityException {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256with" + key.getAlgorithm();
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(challenge);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        try {
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(challenge);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (InvalidKeyException | SignatureException e) {
            // A key of another algorithm than the certificate's: the same answer.
        }
        throw new IllegalArgumentException(keyFile + " is not the key of the certificate in " + certificateFile);
    }

    @Override
    public void close() {
        watches.forEach(FileWatch::close);
    }
}
