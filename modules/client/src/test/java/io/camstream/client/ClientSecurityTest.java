package io.camstream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.KeyType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a client's security says about itself, and what it refuses before any connection is tried. */
class ClientSecurityTest {

    private static final String TOKEN = "s3cret-Token.value";

    @TempDir
    Path dir;

    @Test
    void plaintextIsTheDefaultAndNamesNothing() {
        ClientSecurity plaintext = ClientSecurity.plaintext();
        assertFalse(plaintext.isTls());
        assertEquals(Optional.empty(), plaintext.trustedCa());
        assertEquals(Optional.empty(), plaintext.clientCertificate());
        assertFalse(plaintext.hasBearerToken());
        assertEquals("plaintext", plaintext.toString());
    }

    @Test
    void aCaOrAClientCertificateImpliesTls() {
        Path ca = dir.resolve("ca.pem");
        assertTrue(ClientSecurity.plaintext().withTrustedCa(ca).isTls());
        ClientSecurity mutual = ClientSecurity.plaintext().withClientCertificate(dir.resolve("c.pem"),
                dir.resolve("k.pem"));
        assertTrue(mutual.isTls());
        assertEquals(Optional.of(dir.resolve("c.pem")), mutual.clientCertificate());
        assertEquals(Optional.of(dir.resolve("k.pem")), mutual.clientKey());
        assertEquals("TLS, trusting the system CAs", ClientSecurity.tls().toString());
    }

    @Test
    void toStringSaysATokenIsThereButNeverShowsIt() {
        ClientSecurity security = ClientSecurity.tls().withTrustedCa(Path.of("ca.pem")).withBearerToken(TOKEN);
        assertTrue(security.hasBearerToken());
        assertEquals("TLS, trusting ca.pem, bearer token", security.toString());
    }

    @Test
    void aTokenThatCannotBeAHeaderIsRefusedWithoutQuotingIt() {
        for (String bad : new String[] {"", "   ", "two words", "line\nbreak", "caf\u00e9"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ClientSecurity.plaintext().withBearerToken(bad));
            assertFalse(!bad.isBlank() && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void aTokenFileIsReadAndStripped() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), "  " + TOKEN + "\n\n");
        assertTrue(ClientSecurity.plaintext().withBearerTokenFrom(file).hasBearerToken());
    }

    @Test
    void tokenFileProblemsNameTheFileButNotTheToken() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty"), " \n");
        assertEquals("the token file " + empty + " is empty", assertThrows(IllegalArgumentException.class,
                () -> ClientSecurity.plaintext().withBearerTokenFrom(empty)).getMessage());
        Path missing = dir.resolve("missing");
        assertEquals("cannot read the token file " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class,
                        () -> ClientSecurity.plaintext().withBearerTokenFrom(missing)).getMessage());
        Path spaced = Files.writeString(dir.resolve("spaced"), "Bearer " + TOKEN);
        String message = assertThrows(IllegalArgumentException.class,
                () -> ClientSecurity.plaintext().withBearerTokenFrom(spaced)).getMessage();
        assertEquals("the token file " + spaced + ": the bearer token must be printable ASCII without spaces",
                message);
    }

    @Test
    void connectingWithAMissingOrUnreadableFileSaysWhichFile() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        assertEquals("cannot read the CA file " + missing + ": no such file",
                assertThrows(IllegalArgumentException.class, () -> CamstreamClient.connect("127.0.0.1:1",
                        ClientSecurity.tls().withTrustedCa(missing))).getMessage());
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        String message = assertThrows(IllegalArgumentException.class, () -> CamstreamClient.connect("127.0.0.1:1",
                ClientSecurity.tls().withTrustedCa(junk))).getMessage();
        assertTrue(message.startsWith("cannot use the CA file " + junk + ": "), message);
        TestCertificates ca = TestCertificates.authority(dir, "ca", KeyType.EC);
        TestCertificates.Issued alice = ca.client("alice", KeyType.EC);
        message = assertThrows(IllegalArgumentException.class, () -> CamstreamClient.connect("127.0.0.1:1",
                ClientSecurity.tls().withClientCertificate(alice.certificate(), junk))).getMessage();
        assertTrue(message.startsWith("cannot use the certificate file " + alice.certificate() + " or the key file "
                + junk + ": "), message);
    }

    @Test
    void goodFilesConnectWithoutTouchingTheNetwork() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "ca", KeyType.RSA);
        TestCertificates.Issued alice = ca.client("alice", KeyType.RSA);
        ClientSecurity security = ClientSecurity.tls().withTrustedCa(ca.certificate())
                .withClientCertificate(alice.certificate(), alice.key()).withBearerToken(TOKEN);
        try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:1", security)) {
            assertEquals(security, client.security());
            assertFalse(client.hasConnected());
        }
    }
}
