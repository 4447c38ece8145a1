package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camstream.capture.TestPatternSource;
import io.camstream.testkit.Picture;
import io.camstream.testkit.TestCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with the SSLContext the gRPC side shares, and mutual TLS when a client certificate is needed. */
@Timeout(60)
class HttpTlsTest {

    @TempDir
    Path dir;

    @Test
    void servesHttpsAndRequiresAClientCertificateWhenTold() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "test CA", TestCertificates.KeyType.EC);
        TestCertificates.Issued serverCertificate = ca.server("camstream", TestCertificates.KeyType.EC);
        TestCertificates.Issued alice = ca.client("alice", TestCertificates.KeyType.EC);
        SSLContext serverContext = context(serverCertificate, ca);
        try (HttpFixture server = HttpFixture.start(hub -> hub.camera("front", new TestPatternSource(320, 240, 30)),
                http -> http.tls(serverContext, true))) {
            String snapshot = "https://127.0.0.1:" + server.port() + "/snapshot";
            HttpClient withCertificate = HttpClient.newBuilder().sslContext(context(alice, ca)).build();
            HttpResponse<byte[]> response = withCertificate.send(HttpRequest.newBuilder(URI.create(snapshot)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(320, Picture.decode(response.body()).width());
            HttpClient withoutCertificate = HttpClient.newBuilder().sslContext(context(null, ca)).build();
            assertThrows(IOException.class, () -> withoutCertificate.send(HttpRequest.newBuilder(
                    URI.create(snapshot)).build(), HttpResponse.BodyHandlers.ofByteArray()),
                    "a client without a certificate is refused");
        }
    }

    /** A context presenting {@code own} (if any) and trusting {@code ca}. */
    private static SSLContext context(TestCertificates.Issued own, TestCertificates ca)
            throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(ca.certificate())) {
            trusted.setCertificateEntry("ca", x509.generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        KeyManagerFactory keys = null;
        if (own != null) {
            String pem = Files.readString(own.key(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----|\\s", "");
            PrivateKey key = KeyFactory.getInstance(own.x509().getPublicKey().getAlgorithm())
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("own", key, new char[0], new Certificate[] {own.x509()});
            keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }
}
