package io.camstream.nats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.SourceSpec;
import io.camstream.hub.Hub;
import io.nats.client.NKey;
import io.nats.client.support.JwtUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .creds} path (NATS' decentralized JWT auth) on a real nats-server in operator mode: the operator, its
 * account and the users are made here with jnats' own NKeys and JWTs, as {@code nsc} would make them.
 *
 * <p>The timeout runs the test in a thread of its own: an origin the server refuses retries for ever inside
 * {@link NatsOrigin#start} (jnats' connect-then-reconnect ignores interrupts), which would hang the build.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NatsCredsFileTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * An account's limits, every one unlimited (-1): nats-server reads a limit the JWT leaves out as 0 (no
     * connection, no subscription), and the edge subscribes to a wildcard ({@code camstream.*.describe}).
     */
    private static final String UNLIMITED = "{\"subs\":-1,\"data\":-1,\"payload\":-1,\"imports\":-1,"
            + "\"exports\":-1,\"wildcards\":true,\"conn\":-1,\"leaf\":-1}";

    @TempDir
    Path dir;

    @Test
    void anOriginAndAnEdgeWithTheirCredsFilesMeetAndUsersTheOperatorDoesNotKnowAreRefused() throws Exception {
        NKey operator = NKey.createOperator(RANDOM);
        NKey account = NKey.createAccount(RANDOM);
        Path operatorJwt = Files.writeString(dir.resolve("operator.jwt"), operatorJwt(operator));
        String config = "operator: \"" + operatorJwt + "\"\n"
                + "resolver: MEMORY\n"
                + "resolver_preload: {\n  " + publicKey(account) + ": \"" + accountJwt(operator, account) + "\"\n}\n";
        Creds origin = creds(account, account, "origin");
        Creds edge = creds(account, account, "edge");
        NKey stranger = NKey.createAccount(RANDOM);
        Creds ofAnotherAccount = creds(stranger, stranger, "stranger");
        Creds forged = creds(stranger, account, "forger");
        try (NatsServerProcess nats = new NatsServerProcess(config, dir.resolve("nats.log")).start();
                Hub hub = PatternHubs.start("front", 30);
                NatsOrigin publisher = NatsOrigin.start(hub, List.of(nats.url()), origin.file());
                NatsSource source = NatsSource.open(uri(nats.url() + "/front?creds=" + edge.file()), WAIT)) {
            assertTrue(source.grab().stamped(), "a frame with the origin's stamp");
            assertEquals("CONNECTED", publisher.status());
            assertTrue(publisher.published() > 0);

            IOException anonymous = assertThrows(IOException.class,
                    () -> NatsSource.open(uri(nats.url() + "/front"), WAIT));
            assertTrue(anonymous.getMessage().startsWith("no NATS server answered at nats://127.0.0.1:"),
                    anonymous.getMessage());
            assertTrue(anonymous.getMessage().contains("the NATS server says: Authorization Violation"),
                    anonymous.getMessage());
            for (Creds unknown : List.of(ofAnotherAccount, forged)) {
                IOException refused = assertThrows(IOException.class,
                        () -> NatsSource.open(uri(nats.url() + "/front?creds=" + unknown.file()), WAIT));
                assertTrue(refused.getMessage().contains("the NATS server says: Authorization Violation"),
                        unknown + ": " + refused.getMessage());
                assertFalse(refused.getMessage().contains(unknown.seed()), "the seed stays secret");
                assertFalse(refused.getMessage().contains(unknown.jwt()), "and so does the JWT");
            }
        }
    }

    /** A user's {@code .creds} file, and what it holds. */
    private record Creds(Path file, String jwt, String seed) {
        @Override
        public String toString() {
            return file.getFileName().toString();
        }
    }

    /**
     * A new user's {@code .creds} file (its JWT, then its seed) as {@code nsc generate creds} writes it.
     *
     * @param signer the account key that signs the user's JWT
     * @param account the account the JWT says the user belongs to
     */
    private Creds creds(NKey signer, NKey account, String name) throws GeneralSecurityException, IOException {
        NKey user = NKey.createUser(RANDOM);
        String jwt = JwtUtils.issueUserJWT(signer, publicKey(account), publicKey(user), name);
        String seed = new String(user.getSeed());
        String text = "-----BEGIN NATS USER JWT-----\n" + jwt + "\n------END NATS USER JWT------\n\n"
                + "-----BEGIN USER NKEY SEED-----\n" + seed + "\n------END USER NKEY SEED------\n";
        return new Creds(Files.writeString(dir.resolve(name + ".creds"), text), jwt, seed);
    }

    /** The operator's own JWT, self-signed: the trust the server starts from. */
    private static String operatorJwt(NKey operator) throws GeneralSecurityException, IOException {
        String key = publicKey(operator);
        return JwtUtils.issueJWT(operator, key, "camstream test operator", null, JwtUtils.currentTimeSeconds(),
                key, () -> "{\"type\":\"operator\",\"version\":2}");
    }

    /** An account's JWT, signed by its operator, without limits. */
    private static String accountJwt(NKey operator, NKey account) throws GeneralSecurityException, IOException {
        return JwtUtils.issueJWT(operator, publicKey(account), "camstream", null, JwtUtils.currentTimeSeconds(),
                publicKey(operator), () -> "{\"limits\":" + UNLIMITED + ",\"type\":\"account\",\"version\":2}");
    }

    private static String publicKey(NKey key) throws GeneralSecurityException, IOException {
        return new String(key.getPublicKey());
    }

    private static NatsSourceUri uri(String text) {
        return NatsSourceUri.parse(SourceSpec.parse(text));
    }
}
