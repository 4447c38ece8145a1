package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.camstream.testkit.Prerequisite;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.KeyType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code camstream} command on the module path with TLS and tokens: README's Security set-up
 * run as written, the loopback default, and what a client without the right credentials is told.
 */
@Timeout(240)
class SecurityIT extends CamstreamProcesses {

    @TempDir
    Path dir;

    /**
     * Runs README's two Security blocks in bash, changing only where the files go and the address
     * (loopback and a free port: tests never listen on the network).
     */
    @Test
    void theReadmeSecuritySetupWorksAsWritten() throws Exception {
        Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/openssl")),
                "openssl is needed to run README's set-up; .ci/install-test-deps installs it");
        String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        String pki = dir.resolve("camstream-pki").toString();
        String serverBlock = block(readme, "security-setup:server").replace("~/camstream-pki", pki);
        String viewerBlock = block(readme, "security-setup:viewer").replace("~/camstream-pki", pki);
        assertTrue(serverBlock.contains("--bind 0.0.0.0"), serverBlock);
        serverBlock = serverBlock.replace("--bind 0.0.0.0", "--bind 127.0.0.1 --port 0");

        Process server = new ProcessBuilder("bash", "-euo", "pipefail", "-c", serverBlock).directory(ROOT.toFile())
                .redirectErrorStream(true).start();
        processes.add(server);
        List<String> output = new ArrayList<>();
        int port = awaitPort(server, output);
        // The start-up lines end with how to watch; the security lines come before it.
        awaitLine(server, output, "watch it with:");
        synchronized (output) {
            assertTrue(output.stream().anyMatch(line -> line.contains("TLS with CN=camstream")), output.toString());
            assertTrue(output.stream().noneMatch(line -> line.contains("WARNING")), output.toString());
        }
        String token = Files.readString(Path.of(pki, "alice.token")).strip();
        assertFalse(Files.readString(Path.of(pki, "auth.txt")).contains(token), "the auth file holds no token");

        String viewer = viewerBlock.strip() + " --target 127.0.0.1:" + port + " --frames 20 --json";
        Process view = new ProcessBuilder("bash", "-euo", "pipefail", "-c", viewer).directory(ROOT.toFile()).start();
        processes.add(view);
        String stdout = new String(view.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String stderr = new String(view.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, view.waitFor(), stdout + stderr);
        JsonObject summary = lastJson(new Result(0, stdout, stderr));
        assertEquals(20, summary.get("frames").getAsInt(), summary.toString());
        assertEquals(0, summary.get("decode_errors").getAsInt(), summary.toString());
    }

    @Test
    void byDefaultTheServerListensOnThisMachineOnlyAndSaysSo() throws Exception {
        Process server = start("server", "--port", "0");
        List<String> output = new ArrayList<>();
        int port = awaitPort(server, output);
        awaitLine(server, output, "watch it with:");
        synchronized (output) {
            assertTrue(output.stream().anyMatch(line -> line.endsWith(
                    "listening on 127.0.0.1:" + port + " (this machine only; --bind 0.0.0.0 to share)")),
                    output.toString());
            assertTrue(output.stream().anyMatch(line -> line.contains("access: open to anyone who can connect")),
                    output.toString());
        }
    }

    @Test
    void clientsWithoutTheRightTokenAreToldWhyAndNeverShownTheToken() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates.Issued identity = ca.server("camstream", KeyType.RSA);
        Path viewerToken = dir.resolve("viewer.token");
        Path authFile = dir.resolve("auth.txt");
        Result made = run("token", "--name", "front-viewer", "--role", "view", "--camera", "front",
                "--token-file", viewerToken.toString());
        assertEquals(0, made.exit(), made.toString());
        Files.writeString(authFile, made.stdout());
        Process server = start("server", "--port", "0", "--source", "front=pattern", "--source", "back=pattern",
                "--tls-cert", identity.certificate().toString(), "--tls-key", identity.key().toString(),
                "--auth-file", authFile.toString());
        int port = awaitPort(server, new ArrayList<>());
        String target = "127.0.0.1:" + port;
        String ca1 = ca.certificate().toString();
        String token = Files.readString(viewerToken).strip();

        Result watched = run("view", "--headless", "--tls", "--ca", ca1, "--token-file", viewerToken.toString(),
                "--target", target, "--camera", "front", "--frames", "5", "--json");
        assertEquals(0, watched.exit(), watched.toString());

        Result wrongCamera = run("view", "--headless", "--tls", "--ca", ca1, "--token-file", viewerToken.toString(),
                "--target", target, "--camera", "back", "--frames", "5");
        assertTrue(wrongCamera.exit() != 0, wrongCamera.toString());
        assertTrue(wrongCamera.stderr().contains("PERMISSION_DENIED")
                && wrongCamera.stderr().contains("'front-viewer' (role view) may not view camera 'back'"),
                wrongCamera.toString());

        Result noToken = run("view", "--headless", "--tls", "--ca", ca1, "--target", target, "--frames", "5");
        assertTrue(noToken.exit() != 0 && noToken.stderr().contains("UNAUTHENTICATED"), noToken.toString());

        Result plaintext = run("view", "--headless", "--token-file", viewerToken.toString(), "--target", target,
                "--frames", "5");
        assertTrue(plaintext.exit() != 0 && plaintext.stderr().contains("--tls"), plaintext.toString());

        for (Result result : List.of(watched, wrongCamera, noToken, plaintext)) {
            assertFalse(result.stdout().contains(token) || result.stderr().contains(token), result.toString());
        }
    }

    /** The first fenced code block after the HTML comment that starts with {@code <!-- marker}. */
    private static String block(String markdown, String marker) {
        Matcher matcher = Pattern.compile("<!-- " + Pattern.quote(marker) + "[^>]*-->\\s*```sh\\n(.*?)```",
                Pattern.DOTALL).matcher(markdown);
        assertTrue(matcher.find(), "README has no block marked " + marker);
        return matcher.group(1);
    }
}
