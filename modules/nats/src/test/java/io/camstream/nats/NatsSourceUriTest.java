package io.camstream.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nats://HOST:PORT[,HOST:PORT…]/CAMERA} taken apart, and what is refused, with messages that keep secrets. */
class NatsSourceUriTest {

    @TempDir
    Path dir;

    private static NatsSourceUri parse(String text) {
        return NatsSourceUri.parse(SourceSpec.parse(text));
    }

    private static String refusal(String text) {
        return assertThrows(IllegalArgumentException.class, () -> parse(text)).getMessage();
    }

    @Test
    void serversAreListedWithTheirPortsOrNatsDefault() {
        NatsSourceUri uri = parse("nats://10.0.0.1:4223,nats-2,[::1]:4224/front");
        assertEquals(List.of("nats://10.0.0.1:4223", "nats://nats-2:4222", "nats://[::1]:4224"), uri.servers());
        assertEquals("front", uri.camera());
        assertNull(uri.credentialsFile());
        assertNull(uri.tokenFile());
        assertEquals(List.of("tls://h:4222"), parse("tls://h/yard").servers());
    }

    @Test
    void aUserAndPasswordGoToEveryServerAndNeverIntoMessages() {
        NatsSourceUri uri = parse("nats://cam:s3cret@h1:4222,h2:4222/front");
        assertEquals(List.of("nats://cam:s3cret@h1:4222", "nats://cam:s3cret@h2:4222"), uri.servers());
        assertEquals("nats://h1:4222,nats://h2:4222", uri.shownServers());
        String refused = refusal("nats://cam:s3cret@h1:4222,h2:4222/front.door");
        assertTrue(refused.contains("front-door"), refused);
        assertFalse(refused.contains("s3cret"), refused);
        assertFalse(refusal("nats://cam:s3cret@h1:4222,h 2/front").contains("s3cret"));
    }

    @Test
    void aBareTokenIsRefusedForATokenFile() throws Exception {
        String refused = refusal("nats://t0ken-value@h1:4222/front");
        assertTrue(refused.contains("?token-file=FILE"), refused);
        assertFalse(refused.contains("t0ken-value"), refused);
        Path token = Files.writeString(dir.resolve("token"), "t0ken-value\n");
        Path creds = Files.writeString(dir.resolve("edge.creds"), "-----BEGIN NATS USER JWT-----\n");
        assertEquals(token, parse("nats://h1/front?token-file=" + token).tokenFile());
        assertEquals(creds, parse("nats://h1/front?creds=" + creds).credentialsFile());
    }

    @Test
    void malformedSourcesSayWhatTheFormIs() {
        assertTrue(refusal("nats:h1/front").contains(NatsSourceUri.FORM));
        assertTrue(refusal("nats://h1:4222").contains("names the origin's camera"));
        assertTrue(refusal("nats://h1:4222/").contains("names the origin's camera"));
        assertTrue(refusal("nats://h1:4222,/front").contains("'' is not HOST or HOST:PORT"));
        assertTrue(refusal("nats://h1:port/front").contains("'h1:port' is not HOST or HOST:PORT"));
        assertTrue(refusal("nats://h1/front?camera=x").contains("unknown NATS source parameter 'camera'"));
        assertTrue(refusal("nats://h1/front?creds=" + dir.resolve("missing.creds")).contains("cannot read"));
    }

    @Test
    void anEdgeFeedsBackOnlyUnderItsOwnNameToTheSameServers() {
        List<String> publish = List.of("nats://cam:pw@h2:4222");
        assertTrue(NatsSourceProvider.feedsBack("front", "nats://h1,h2/front", publish));
        assertFalse(NatsSourceProvider.feedsBack("front-edge", "nats://h1,h2/front", publish), "another name");
        assertFalse(NatsSourceProvider.feedsBack("front", "nats://h1,h3/front", publish), "a bridge to h2");
        assertFalse(NatsSourceProvider.feedsBack("front", "nats://h2:4223/front", publish), "another port");
        assertFalse(NatsSourceProvider.feedsBack("front", "grpc://h2:4222/front", publish), "not NATS");
    }

    @Test
    void oneKindOfCredentialsAtATime() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "t");
        String refused = refusal("nats://u:pw@h1/front?token-file=" + token);
        assertTrue(refused.contains("one kind of credentials"), refused);
        assertFalse(refused.contains("pw@"), refused);
    }
}
