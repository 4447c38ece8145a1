package io.camstream.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.client.ConnectionProblems.Spelling;
import io.grpc.Status;
import io.grpc.netty.shaded.io.netty.handler.ssl.NotSslRecordException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Path;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/**
 * The statuses each connection problem produces, as observed against real servers (the server
 * module's TlsConnectionTest makes them for real), and the line each becomes.
 */
class ConnectionProblemsTest {

    private static final ClientSecurity PLAINTEXT = ClientSecurity.plaintext();
    private static final ClientSecurity TLS = ClientSecurity.tls();
    private static final ClientSecurity TRUSTING = ClientSecurity.tls().withTrustedCa(Path.of("ca.pem"));
    private static final ClientSecurity MUTUAL = TRUSTING.withClientCertificate(Path.of("alice.pem"),
            Path.of("alice-key.pem"));

    private static Optional<String> explain(Status status, ClientSecurity security) {
        return ConnectionProblems.explain(status, security, false, Spelling.FLAGS);
    }

    private static SSLHandshakeException handshake(Throwable cause) {
        SSLHandshakeException e = new SSLHandshakeException("General OpenSslEngine problem");
        e.initCause(cause);
        return e;
    }

    @Test
    void aTlsAlertReadAsHttp2MeansThePlaintextClientMetATlsServer() {
        Status status = Status.UNAVAILABLE.withDescription(
                "First received frame was not SETTINGS. Hex dump for first 5 bytes: 1503030002");
        assertEquals(Optional.of("the server speaks TLS and this client does not: use --tls (and --ca FILE if its "
                + "certificate is from a private CA)"), explain(status, PLAINTEXT));
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerHintsAtTlsOnlyIfNeverConnected() {
        Status status = Status.UNAVAILABLE.withDescription("Network closed for unknown reason");
        assertEquals(Optional.of("the server closed the connection before answering, as TLS servers do to plaintext "
                + "clients: use grpcs:// (and ?ca=FILE if its certificate is from a private CA)"),
                ConnectionProblems.explain(status, PLAINTEXT, false, Spelling.RELAY_URL));
        assertEquals(Optional.empty(), ConnectionProblems.explain(status, PLAINTEXT, true, Spelling.FLAGS),
                "a server that stopped after serving is not a TLS problem");
        // About one time in fifteen the TLS server's close arrives as a reset.
        Status reset = Status.UNAVAILABLE.withDescription("io exception").withCause(new IOException(
                "recvAddress(..) failed with error(-104): Connection reset by peer"));
        assertEquals(explain(status, PLAINTEXT), explain(reset, PLAINTEXT));
        assertEquals(Optional.empty(), ConnectionProblems.explain(reset, PLAINTEXT, true, Spelling.FLAGS));
    }

    @Test
    void aTlsClientReadingPlainHttp2IsToldTheServerDoesNotSpeakTls() {
        Status status = Status.UNAVAILABLE.withDescription("io exception").withCause(
                new NotSslRecordException("not an SSL/TLS record: 00001204000000000000037fffffff"));
        assertEquals(Optional.of("the server does not speak TLS: connect without --tls, --ca, --cert and --key, or "
                + "enable TLS on the server"), explain(status, TRUSTING));
        assertEquals("UNAVAILABLE: not an SSL/TLS record: 00001204000000000000037fffffff",
                ConnectionProblems.detail(status));
    }

    @Test
    void anUntrustedServerCertificateAsksForTheCaThatIssuedIt() {
        Status status = Status.UNAVAILABLE.withDescription("io exception").withCause(handshake(
                new CertificateException("PKIX path building failed", new CertPathBuilderException(
                        "unable to find valid certification path to requested target"))));
        assertEquals(Optional.of("the server's certificate is not signed by a CA this system trusts: use --ca FILE "
                + "with the CA that issued it"), explain(status, TLS));
        assertEquals(Optional.of("the server's certificate is not signed by the CA in ca.pem: use ?ca=FILE with the "
                + "CA that issued it"), ConnectionProblems.explain(status, TRUSTING, false, Spelling.RELAY_URL));
    }

    @Test
    void aCertificateForAnotherNameSaysWhichNamesItHas() {
        Status status = Status.UNAVAILABLE.withDescription("io exception").withCause(handshake(new CertificateException(
                "No subject alternative names matching IP address 127.0.0.1 found for SNIHostName=null and "
                        + "peerHost=127.0.0.1 in the chain of 1 certificate(s): 1. subjectAlternativeNames="
                        + "[DNS:camera.example], CN=elsewhere.",
                new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"))));
        assertEquals(Optional.of("the server's certificate is for other names (No subject alternative names matching "
                + "IP address 127.0.0.1 found; it names [DNS:camera.example]): connect by a name it lists"),
                explain(status, TRUSTING));
    }

    @Test
    void aServerAskingForAClientCertificateNamesCertAndKey() {
        // BoringSSL's spelling, then the JDK's.
        for (String alert : new String[] {
            "error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED",
            "Received fatal alert: certificate_required"}) {
            Status status = Status.UNAVAILABLE.withDescription("ssl exception").withCause(new SSLException(alert));
            assertEquals(Optional.of("the server requires a client certificate (mutual TLS): use --cert FILE --key "
                    + "FILE"), explain(status, TRUSTING), alert);
            assertEquals(Optional.of("the server did not accept the client certificate alice.pem "
                    + "(certificate_required; from a CA it does not trust?): use --cert FILE --key FILE with one its "
                    + "CA issued"), explain(status, MUTUAL), alert);
        }
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsNamed() {
        Status status = Status.UNAVAILABLE.withDescription("io exception").withCause(handshake(new SSLException(
                "java.lang.Exception: Error setting certificate (error:0b000074:X.509 certificate "
                        + "routines:OPENSSL_internal:KEY_VALUES_MISMATCH)")));
        assertEquals(Optional.of("the client certificate alice.pem and key alice-key.pem do not belong together"),
                explain(status, MUTUAL));
    }

    @Test
    void tokenProblemsNameTheTokenFile() {
        assertEquals(Optional.of("the server requires a token: give it with --token-file FILE (or CAMSTREAM_TOKEN)"),
                explain(Status.UNAUTHENTICATED.withDescription("no token"), TLS));
        assertEquals(Optional.of("the server refused the token: check the one given with ?token-file=FILE"),
                ConnectionProblems.explain(Status.UNAUTHENTICATED, TLS.withBearerToken("t"), true,
                        Spelling.RELAY_URL));
        assertTrue(explain(Status.PERMISSION_DENIED, TLS.withBearerToken("t")).orElseThrow()
                .startsWith("the server does not permit this"));
    }

    @Test
    void otherFailuresAreLeftAlone() {
        assertEquals(Optional.empty(), explain(Status.NOT_FOUND.withDescription("no camera 'x'"), TLS));
        assertEquals(Optional.empty(), explain(Status.DEADLINE_EXCEEDED, PLAINTEXT));
        Status refused = Status.UNAVAILABLE.withDescription("io exception")
                .withCause(new ConnectException("Connection refused"));
        assertEquals(Optional.empty(), explain(refused, PLAINTEXT));
        assertEquals(Optional.empty(), explain(refused, TRUSTING));
    }
}
