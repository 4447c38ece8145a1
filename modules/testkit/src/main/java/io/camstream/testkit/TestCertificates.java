package io.camstream.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for tests: it writes its own certificate and the
 * certificates and keys it issues as PEM files into a folder, so no key is ever committed.
 *
 * <pre>{@code
 * TestCertificates ca = TestCertificates.authority(dir, "test CA", KeyType.EC);
 * TestCertificates.Issued server = ca.server("server", KeyType.RSA); // for localhost, 127.0.0.1 and ::1
 * TestCertificates.Issued alice = ca.client("alice", KeyType.EC);   // CN=alice, for mutual TLS
 * }</pre>
 */
public final class TestCertificates {

    /** The two kinds of key a server certificate may carry. */
    public enum KeyType { RSA, EC }

    /**
     * An issued certificate and its key, as PEM files.
     *
     * @param certificate the certificate (the leaf only)
     * @param key the private key, PKCS#8 ({@code BEGIN PRIVATE KEY}) unless made with {@link #traditionalKey}
     * @param x509 the certificate itself
     */
    public record Issued(Path certificate, Path key, X509Certificate x509) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final String name;
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final Path certificateFile;

    private TestCertificates(Path dir, String name, KeyPair keys, X509Certificate certificate, Path certificateFile) {
        this.dir = dir;
        this.name = name;
        this.keys = keys;
        this.certificate = certificate;
        this.certificateFile = certificateFile;
    }

    /** A client's TLS context that trusts the CA certificate in {@code caPem} (and nothing else), without a key. */
    public static SSLContext trusting(Path caPem) throws IOException, GeneralSecurityException {
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    /** A new self-signed CA named {@code name}, its certificate written to {@code dir/NAME-ca.pem}. */
    public static TestCertificates authority(Path dir, String name, KeyType type) throws IOException {
        KeyPair keys = keyPair(type);
        X500Name subject = new X500Name("CN=" + name);
        X509v3CertificateBuilder builder = builder(subject, subject, keys, Duration.ofDays(2));
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        X509Certificate certificate = sign(builder, keys, type);
        Path file = dir.resolve(fileName(name) + "-ca.pem");
        writePem(file, certificate);
        return new TestCertificates(dir, name, keys, certificate, file);
    }

    /** This CA's certificate as a PEM file: what clients trust ({@code --ca}), servers check ({@code --client-ca}). */
    public Path certificate() {
        return certificateFile;
    }

    /** A server certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}, valid for two days. */
    public Issued server(String cn, KeyType type) throws IOException {
        return issue(cn, type, KeyPurposeId.id_kp_serverAuth, Duration.ofDays(2));
    }

    /**
     * A server certificate for these DNS names only, valid for two days: a client that reaches the
     * server by another name (e.g. 127.0.0.1) must refuse it.
     */
    public Issued server(String cn, KeyType type, List<String> dnsNames) throws IOException {
        return issue(cn, type, KeyPurposeId.id_kp_serverAuth, Duration.ofDays(2),
                dnsNames.stream().map(name -> new GeneralName(GeneralName.dNSName, name)).toArray(GeneralName[]::new));
    }

    /** A client certificate with common name {@code cn} (its identity under mutual TLS), valid for two days. */
    public Issued client(String cn, KeyType type) throws IOException {
        return issue(cn, type, KeyPurposeId.id_kp_clientAuth, Duration.ofDays(2));
    }

    /** Like {@link #server}, with a validity of the caller's (e.g. already expired: a negative duration). */
    public Issued server(String cn, KeyType type, Duration validity) throws IOException {
        return issue(cn, type, KeyPurposeId.id_kp_serverAuth, validity);
    }

    /**
     * Rewrites {@code issued}'s key in the older, algorithm-specific PEM form ({@code BEGIN RSA PRIVATE KEY}
     * or {@code BEGIN EC PRIVATE KEY}) to {@code target}.
     */
    public static Path traditionalKey(Issued issued, Path target) throws IOException {
        try (var reader = Files.newBufferedReader(issued.key());
                var parser = new org.bouncycastle.openssl.PEMParser(reader)) {
            var info = (org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject();
            var key = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter().getPrivateKey(info);
            try (Writer out = Files.newBufferedWriter(target); JcaPEMWriter pem = new JcaPEMWriter(out)) {
                pem.writeObject(key);
            }
        }
        return target;
    }

    /** Replaces {@code target}'s contents with {@code source}'s in one step, as certificate renewers do. */
    public static void replace(Path source, Path target) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), ".renew", ".tmp");
        Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private Issued issue(String cn, KeyType type, KeyPurposeId purpose, Duration validity) throws IOException {
        return issue(cn, type, purpose, validity, new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.iPAddress, "::1")});
    }

    private Issued issue(String cn, KeyType type, KeyPurposeId purpose, Duration validity, GeneralName[] serverNames)
            throws IOException {
        KeyPair leafKeys = keyPair(type);
        X509v3CertificateBuilder builder = builder(new X500Name("CN=" + name), new X500Name("CN=" + cn), leafKeys,
                validity);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (purpose.equals(KeyPurposeId.id_kp_serverAuth)) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(serverNames));
        }
        X509Certificate leaf = sign(builder, keys, keyType(keys));
        String base = fileName(cn) + "-" + SERIAL.incrementAndGet();
        Path certificateFile = dir.resolve(base + ".pem");
        Path keyFile = dir.resolve(base + "-key.pem");
        writePem(certificateFile, leaf);
        writePem(keyFile, new JcaPKCS8Generator(leafKeys.getPrivate(), null));
        return new Issued(certificateFile, keyFile, leaf);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
            Duration validity) {
        Instant now = Instant.now();
        Instant notBefore = validity.isNegative() ? now.plus(validity).minus(Duration.ofDays(1)) : now.minusSeconds(60);
        Instant notAfter = now.plus(validity);
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys, KeyType type) {
        try {
            var signer = new JcaContentSignerBuilder(type == KeyType.RSA ? "SHA256withRSA" : "SHA256withECDSA")
                    .build(issuerKeys.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test certificate: " + e.getMessage(), e);
        }
    }

    private static KeyPair keyPair(KeyType type) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type == KeyType.RSA ? "RSA" : "EC");
            if (type == KeyType.RSA) {
                generator.initialize(2048, new SecureRandom());
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make " + type + " keys: " + e.getMessage(), e);
        }
    }

    private static KeyType keyType(KeyPair keys) {
        return keys.getPrivate().getAlgorithm().equals("RSA") ? KeyType.RSA : KeyType.EC;
    }

    private static void writePem(Path file, Object object) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
                JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(object);
        }
    }

    private static String fileName(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
