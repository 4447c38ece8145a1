package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonObject;
import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files play on a machine without PulseAudio's client library ({@code libpulse.so.0}, Debian's
 * {@code libpulse0}), through the real {@code ./camstream}: JavaCV's FFmpegFrameGrabber could not
 * load there. Where the library is installed (CI has it), each command runs in a private mount
 * namespace ({@code unshare -m}) with {@code /dev/null} bound over the real file, so that loading it
 * fails as if it were absent ("file too short"); the namespace checks the file is empty before the
 * command starts. Root may do that in a mount namespace of its own; anyone else in a user namespace
 * as well ({@code --map-root-user}), which Debian allows.
 */
@Timeout(240)
class NoPulseAudioIT extends CamstreamProcesses {

    /** The real file behind {@code libpulse.so.0}, or empty when this machine has none. */
    private Optional<Path> libpulse;
    private boolean root;

    @BeforeEach
    void findLibpulse() throws Exception {
        SourcesIT.requireFfmpeg();
        libpulse = installedLibpulse();
        if (libpulse.isPresent()) {
            Prerequisite.require(Files.isExecutable(Path.of("/usr/bin/unshare")),
                    "libpulse.so.0 is installed, and hiding it needs unshare (util-linux)");
            root = isRoot();
        }
    }

    @Test
    void aFilePlaysWithoutLibpulse(@TempDir Path dir) throws Exception {
        Path clip = SourcesIT.writeClip(dir.resolve("clip.mp4"), 60, 320, 240);
        Process server = start(withoutLibpulse("server", "--bind", "127.0.0.1", "--port", "0",
                "--source", "file:" + clip));
        List<String> serverOutput = new ArrayList<>();
        int port = awaitPort(server, serverOutput);

        Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "60", "--json");

        assertEquals(0, view.exit(), view.toString());
        JsonObject summary = lastJson(view);
        assertEquals(60, summary.get("frames").getAsInt(), summary.toString());
        assertEquals(320, summary.get("width").getAsInt(), summary.toString());
        assertEquals(0, summary.get("decode_errors").getAsInt(), summary.toString());
        synchronized (serverOutput) {
            assertTrue(serverOutput.stream()
                    .anyMatch(line -> line.contains("file clip.mp4 (mpeg4, looping) 320x240 at 30.00 fps")),
                    serverOutput.toString());
        }
    }

    @Test
    void withOnceTheFilePlaysToItsEndWithoutLibpulse(@TempDir Path dir) throws Exception {
        Path clip = SourcesIT.writeClip(dir.resolve("short.mp4"), 30, 320, 240);

        Result server = runToEnd(withoutLibpulse("server", "--bind", "127.0.0.1", "--port", "0",
                "--source", "file:" + clip, "--once"));

        assertEquals(0, server.exit(), server.toString());
        assertTrue(server.stdout().contains("file short.mp4 (mpeg4, once) 320x240 at 30.00 fps"), server.toString());
        assertTrue(server.stdout().contains("the source ended (--once); stopping"), server.toString());
    }

    @Test
    void filesAndStreamsAreAvailableWithoutLibpulse() throws Exception {
        Result sources = runToEnd(withoutLibpulse("sources"));

        assertEquals(0, sources.exit(), sources.toString());
        assertTrue(sources.stdout().matches("(?s).*\\nfile\\s+file\\s+yes\\s.*"), sources.toString());
        assertTrue(sources.stdout().matches("(?s).*\\nstream\\s+rtsp,rtsps,http,https\\s+yes\\s.*"),
                sources.toString());
    }

    @Test
    void withoutLibpulseAvdeviceCannotLoadSoTheOtherTestsCouldFail() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Result probe = runToEnd(withoutLibpulse(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                AvdeviceProbe.class.getName())));

        assertEquals(0, probe.exit(), probe.toString());
        assertTrue(probe.stdout().contains("avdevice failed: ") && probe.stdout().contains("libpulse.so.0"),
                probe.toString());
    }

    /**
     * The command, inside a mount namespace of its own where libpulse.so.0 is an empty file when this
     * machine has it; exec all the way down, so that killing the process kills the JVM.
     */
    private ProcessBuilder withoutLibpulse(String... args) {
        return withoutLibpulse(command(args).command());
    }

    private ProcessBuilder withoutLibpulse(List<String> command) {
        List<String> hidden = new ArrayList<>();
        if (libpulse.isPresent()) {
            hidden.add("/usr/bin/unshare");
            if (!root) {
                hidden.addAll(List.of("--user", "--map-root-user"));
            }
            hidden.addAll(List.of("--mount", "--propagation", "private", "/bin/sh", "-c",
                    "mount --bind /dev/null \"$0\" && test ! -s \"$0\" && exec \"$@\"", libpulse.get().toString()));
        }
        hidden.addAll(command);
        return new ProcessBuilder(hidden).directory(ROOT.toFile());
    }

    private Result runToEnd(ProcessBuilder command) throws Exception {
        Path stdout = Files.createTempFile("camstream-out", ".txt");
        Path stderr = Files.createTempFile("camstream-err", ".txt");
        try {
            Process process = command.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            processes.add(process);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                fail(String.join(" ", command.command()) + " did not finish within 120 s");
            }
            return new Result(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
        } finally {
            Files.delete(stdout);
            Files.delete(stderr);
        }
    }

    /** Where the dynamic loader finds libpulse.so.0, per its cache, followed to the real file. */
    private static Optional<Path> installedLibpulse() throws IOException, InterruptedException {
        Path ldconfig = Files.isExecutable(Path.of("/sbin/ldconfig")) ? Path.of("/sbin/ldconfig")
                : Path.of("/usr/sbin/ldconfig");
        Process process = new ProcessBuilder(ldconfig.toString(), "-p").redirectErrorStream(true).start();
        String cache = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ldconfig -p finished");
        for (String line : cache.split("\n")) {
            String entry = line.strip();
            if (entry.startsWith("libpulse.so.0 ") && entry.contains("=> ")) {
                Path file = Path.of(entry.substring(entry.indexOf("=> ") + 3).strip());
                if (Files.exists(file)) {
                    return Optional.of(file.toRealPath());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return id.waitFor(10, TimeUnit.SECONDS) && "0".equals(uid);
    }
}
