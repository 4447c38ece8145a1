package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Loader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the file and stream sources load, checked with {@code ldd} on the JNI libraries JavaCPP
 * extracted: none of them needs PulseAudio's {@code libpulse.so.0}, while {@code avdevice}'s (which
 * JavaCV's FFmpegFrameGrabber loads) does, so the check can fail. {@code ldd} runs with the cache
 * directory on {@code LD_LIBRARY_PATH}, where JavaCPP puts FFmpeg's own libraries next to the JNI
 * ones, so that it resolves every dependency: a "not found" would hide what lies behind it.
 */
@Timeout(60)
class NoPulseAudioLibrariesTest {

    private static final Path LDD = Path.of("/usr/bin/ldd");

    @BeforeEach
    void needsFfmpegAndLdd() {
        Prerequisite.require(JavacvNatives.ffmpeg().available(), JavacvNatives.ffmpeg().reason());
        Prerequisite.require(Files.isExecutable(LDD), "ldd (Debian's libc-bin)");
    }

    @Test
    void noLibraryTheSourcesLoadNeedsPulseAudio() throws Exception {
        List<Path> libraries = JavacvNatives.ffmpegLibraries().stream().map(Path::of).toList();
        assertEquals(List.of("libjniavutil.so", "libjniswresample.so", "libjniavcodec.so", "libjniavformat.so",
                "libjniswscale.so"), libraries.stream().map(path -> path.getFileName().toString()).toList());
        for (Path library : libraries) {
            String needs = ldd(library);
            assertTrue(needs.contains("libavutil.so"), library + " resolved its own libraries:\n" + needs);
            assertFalse(needs.contains("not found"), library + " has a dependency ldd cannot see behind:\n" + needs);
            assertFalse(needs.contains("libpulse"), library + " needs PulseAudio:\n" + needs);
        }
    }

    @Test
    void avdevicesLibraryDoesNeedPulseAudioSoTheCheckCanFail() throws Exception {
        Path directory = Path.of(JavacvNatives.ffmpegLibraries().get(0)).getParent();
        // Extracts every FFmpeg library of this platform next to the loaded ones, without loading any.
        Loader.cacheResources("/org/bytedeco/ffmpeg/" + Loader.getPlatform() + "/");
        Path avdevice = directory.resolve("libjniavdevice.so");
        assertTrue(Files.isRegularFile(avdevice), avdevice + " extracted");
        String needs = ldd(avdevice);
        assertTrue(needs.contains("libavdevice.so"), needs);
        assertTrue(needs.contains("libpulse.so.0"), "found or not, ldd names it:\n" + needs);
    }

    @Test
    void nothingInThisJvmLoadedAvdevice() {
        // JavaCPP's record of every library it loaded: this module's sources and tests never load avdevice.
        assertTrue(Loader.getLoadedLibraries().keySet().stream().noneMatch(name -> name.contains("avdevice")),
                Loader.getLoadedLibraries().keySet().toString());
    }

    private static String ldd(Path library) throws IOException, InterruptedException {
        ProcessBuilder command = new ProcessBuilder(LDD.toString(), library.toString()).redirectErrorStream(true);
        command.environment().put("LD_LIBRARY_PATH", library.getParent().toString());
        Process ldd = command.start();
        String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ldd.waitFor(30, TimeUnit.SECONDS), "ldd finished");
        assertEquals(0, ldd.exitValue(), output);
        return output;
    }
}
