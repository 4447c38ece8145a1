package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.client.CamstreamClient;
import io.camstream.client.ClientSecurity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;

/** The client security flags on their own: what each combination means, and what is refused with exit 2. */
class ClientOptionsTest {

    private static final String TOKEN = "s3cret.Token";

    @TempDir
    Path dir;

    /** A command with nothing but the mixin, printing the security it asks for. */
    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Mixin
        ClientOptions connection = new ClientOptions();
        ClientSecurity security;

        @Override
        public Integer call() {
            security = connection.security();
            return 0;
        }
    }

    private record Run(int exit, String err, ClientSecurity security) {
    }

    private static Run run(Map<String, String> environment, String... args) {
        Probe probe = new Probe();
        probe.connection.environment = environment::get;
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(probe).setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        return new Run(exit, err.toString(), probe.security);
    }

    private static Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void withoutFlagsItIsPlaintextAndEachTlsFlagImpliesTls() throws Exception {
        assertEquals("plaintext", run().security().toString());
        assertEquals("TLS, trusting the system CAs", run("--tls").security().toString());
        assertEquals("TLS, trusting ca.pem", run("--ca", "ca.pem").security().toString());
        assertEquals("TLS, trusting the system CAs, client certificate c.pem",
                run("--cert", "c.pem", "--key", "k.pem").security().toString());
    }

    @Test
    void certAndKeyGoTogether() {
        Run certOnly = run("--cert", "c.pem");
        assertEquals(2, certOnly.exit());
        assertTrue(certOnly.err().startsWith("--cert needs --key: the private key of the client certificate"),
                certOnly.err());
        Run keyOnly = run("--ca", "ca.pem", "--key", "k.pem");
        assertEquals(2, keyOnly.exit());
        assertTrue(keyOnly.err().startsWith("--key needs --cert: the client certificate that goes with the key"),
                keyOnly.err());
    }

    @Test
    void theTokenFileIsReadAndAMissingOrEmptyOneIsInvalidInput() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        assertTrue(run("--token-file", file.toString()).security().hasBearerToken());

        Path missing = dir.resolve("missing");
        Run run = run("--token-file", missing.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("--token-file: cannot read the token file " + missing + ": no such file"),
                run.err());

        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        run = run("--token-file", empty.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("--token-file: the token file " + empty + " is empty"), run.err());
    }

    @Test
    void withoutATokenFileTheEnvironmentVariableIsUsed() throws Exception {
        assertTrue(run(Map.of("CAMSTREAM_TOKEN", TOKEN)).security().hasBearerToken());
        assertFalse(run(Map.of("CAMSTREAM_TOKEN", " ")).security().hasBearerToken(), "set but empty: no token");
        // The file wins: the variable's unusable value is never looked at.
        Path file = Files.writeString(dir.resolve("token"), TOKEN);
        Run run = run(Map.of("CAMSTREAM_TOKEN", "not a token"), "--token-file", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.security().hasBearerToken());
    }

    @Test
    void anUnusableTokenIsRefusedWithoutShowingIt() {
        Run run = run(Map.of("CAMSTREAM_TOKEN", "two words"));
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("CAMSTREAM_TOKEN: the bearer token must be printable ASCII without spaces"),
                run.err());
        assertFalse(run.err().contains("two words"), run.err());
    }

    @Test
    void thereIsNoTokenOptionToLeakIntoProcessListsAndTryingOneNeverEchoesTheToken() {
        Run run = run("--token", TOKEN);
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("there is no --token") && run.err().contains("--token-file FILE"), run.err());
        assertFalse(run.err().contains(TOKEN), run.err());
        var option = new CommandLine(new Probe()).getCommandSpec().optionsMap().get("--token");
        assertTrue(option.hidden(), "--token exists only to refuse, and help does not offer it");
    }

    @Test
    void aTokenInTheClearBeyondThisMachineIsWarnedAbout() throws Exception {
        Probe probe = new Probe();
        new CommandLine(probe);
        ClientSecurity withToken = ClientSecurity.plaintext().withBearerToken(TOKEN);
        StringWriter err = new StringWriter();
        probe.connection.warnIfTokenInTheClear(withToken, "127.0.0.1:50051", new PrintWriter(err, true));
        probe.connection.warnIfTokenInTheClear(withToken, "[::1]:50051", new PrintWriter(err, true));
        probe.connection.warnIfTokenInTheClear(withToken, "localhost:50051", new PrintWriter(err, true));
        probe.connection.warnIfTokenInTheClear(ClientSecurity.tls().withBearerToken(TOKEN), "camera.example:50051",
                new PrintWriter(err, true));
        assertEquals("", err.toString(), "loopback, or TLS: nothing to warn about");
        probe.connection.warnIfTokenInTheClear(withToken, "camera.example:50051", new PrintWriter(err, true));
        assertEquals("probe: warning: the token goes to camera.example:50051 unencrypted, readable on the way; "
                + "use --tls" + System.lineSeparator(), err.toString());
    }

    @Test
    void unreadableTlsFilesAreInvalidInputNamingTheFile() {
        Probe probe = new Probe();
        new CommandLine(probe);
        Path missing = dir.resolve("ca.pem");
        ParameterException e = assertThrows(ParameterException.class, () -> probe.connection.connect(
                        ClientSecurity.tls().withTrustedCa(missing), "127.0.0.1:1",
                        CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES, false));
        assertEquals("cannot read the CA file " + missing + ": no such file", e.getMessage());
    }
}
