package io.camstream.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthFileTest {

    @Test
    void aTokenFindsItsEntryByDigestAndNothingElseDoes() {
        String alice = Tokens.generate();
        String bob = Tokens.generate();
        AuthFile file = AuthFile.parse(List.of(
                "# who may watch",
                "",
                AuthFile.line(alice, "alice", Role.VIEW, List.of("front", "back")),
                "  " + AuthFile.line(bob, "bob", Role.ADMIN, List.of()) + "  "), "auth");

        assertEquals(Optional.of(new Caller("alice", Role.VIEW, Set.of("front", "back"))), file.byToken(alice));
        assertEquals("bob", file.byToken(bob).orElseThrow().name());
        assertEquals(Optional.empty(), file.byToken(Tokens.generate()));
        assertEquals(Optional.empty(), file.byToken(alice.substring(1)), "a prefix of a token is not the token");
        assertEquals(2, file.size());
    }

    @Test
    void theFileHoldsTheDigestNeverTheToken() {
        String token = Tokens.generate();
        String line = AuthFile.line(token, "alice", Role.PUBLISH, List.of("door"));

        assertFalse(line.contains(token), line);
        assertTrue(line.startsWith("sha256:" + java.util.HexFormat.of().formatHex(Tokens.digest(token))), line);
        assertEquals(43, token.length(), "32 random bytes, URL-safe base64");
        assertTrue(token.matches("[A-Za-z0-9_-]+"), token);
    }

    @Test
    void certificateEntriesMatchAnyOfTheCertificatesNames() {
        AuthFile file = AuthFile.parse(List.of("cert:camera-7.example.org  doorbell  publish  door",
                "cert:ops  ops  admin"), "auth");

        assertEquals("doorbell", file.byCertificate(List.of("CN-less", "camera-7.example.org")).orElseThrow().name());
        assertEquals(Role.ADMIN, file.byCertificate(List.of("ops")).orElseThrow().role());
        assertEquals(Optional.empty(), file.byCertificate(List.of("camera-8.example.org")));
        assertEquals(Optional.empty(), file.byToken("ops"), "a certificate name is not a token");
    }

    @Test
    void mistakesAreNamedByLineWithoutRepeatingTheLine() {
        String token = Tokens.generate();
        assertMistake(List.of("# ok", token + "  alice"), "auth line 2: expected KEY NAME ROLE [CAMERAS]");
        assertMistake(List.of("sha256:" + token + "  alice  view"), "auth line 1: a sha256: key is 64 hex digits");
        assertMistake(List.of(token + "  alice  view  front"), "auth line 1: the key must start with 'sha256:'");
        assertMistake(List.of(token + "  alice  view"), "only its digest belongs here");
        assertMistake(List.of(AuthFile.line(token, "alice", Role.VIEW, List.of()).replace("view", "boss")),
                "auth line 1: unknown role 'boss'; the roles are view, publish, admin");
        assertMistake(List.of(Tokens.key(token) + "  root  admin  front"), "admin reaches every camera");
        assertMistake(List.of(Tokens.key(token) + "  alice  view  front,,back"), "cameras are a comma-separated");
        assertMistake(List.of(Tokens.key(token) + "  alice  view", Tokens.key(token) + "  bob  view"),
                "auth line 2: the same key as an earlier line");
    }

    @Test
    void aStarOrNoListMeansEveryCamera() {
        String token = Tokens.generate();
        AuthFile file = AuthFile.parse(List.of(Tokens.key(token) + "  alice  view  *"), "auth");
        Caller alice = file.byToken(token).orElseThrow();

        assertTrue(alice.may(Role.VIEW, "anything"));
        assertFalse(alice.may(Role.PUBLISH, "anything"));
    }

    @Test
    void rolesIncludeTheOnesBelow() {
        assertTrue(Role.ADMIN.includes(Role.PUBLISH));
        assertTrue(Role.PUBLISH.includes(Role.VIEW));
        assertFalse(Role.VIEW.includes(Role.PUBLISH));
        assertFalse(Role.PUBLISH.includes(Role.ADMIN));
        assertEquals(Role.PUBLISH, Role.parse("Publish"));
    }

    private static void assertMistake(List<String> lines, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthFile.parse(lines, "auth"));
        assertTrue(e.getMessage().startsWith(expected) || e.getMessage().contains(expected), e.getMessage());
        for (String line : lines) {
            for (String field : line.split("\\s+")) {
                if (field.length() > 40) {
                    assertFalse(e.getMessage().contains(field), "the message repeats a secret-sized field: " + e);
                }
            }
        }
    }
}
