package io.camstream.encode.opencv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.encode.ColorMode;
import io.camstream.testkit.HeadlessChromium;
import io.camstream.testkit.Prerequisite;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decoders that are not the libjpeg inside OpenCV and ImageIO: FFmpeg's own MJPEG decoder, and a
 * browser (headless chromium). Each decodes the single-pass JPEG and the joined one, and must give
 * the same pixels for both.
 */
@Timeout(120)
class StripsInOtherDecodersTest {

    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");

    @BeforeEach
    void requireNatives() {
        OpenCvTests.requireNatives();
    }

    @ParameterizedTest
    @EnumSource(ColorMode.class)
    void ffmpegsDecoderGivesTheSinglePassPixels(ColorMode mode, @TempDir Path folder) throws Exception {
        Prerequisite.require(Files.isExecutable(FFMPEG), FFMPEG + " (Debian's ffmpeg package)");
        OpenCvTests.Pair pair = OpenCvTests.encodeBoth(1920, 1080, mode, 9);
        String format = mode == ColorMode.GRAY ? "gray" : "bgr24";
        byte[] single = ffmpeg(pair.single(), format, folder.resolve("single.jpg"));
        byte[] joined = ffmpeg(pair.joined(), format, folder.resolve("joined.jpg"));
        assertEquals(1920 * 1080 * (mode == ColorMode.GRAY ? 1 : 3), single.length);
        assertArrayEquals(single, joined, "FFmpeg's mjpeg decoder, " + format);
    }

    @Test
    void chromiumDecodesItToTheSinglePassPixels() throws Exception {
        OpenCvTests.Pair gray = OpenCvTests.encodeBoth(1000, 750, ColorMode.GRAY, 3);
        OpenCvTests.Pair colour = OpenCvTests.encodeBoth(1000, 750, ColorMode.COLOR, 3);
        try (HeadlessChromium chromium = HeadlessChromium.start(800, 600)) {
            String graySingle = pixelHash(chromium, gray.single());
            assertTrue(graySingle.startsWith("1000x750:"), graySingle);
            assertEquals(graySingle, pixelHash(chromium, gray.joined()), "gray");
            String colourSingle = pixelHash(chromium, colour.single());
            assertEquals(colourSingle, pixelHash(chromium, colour.joined()), "colour");
            assertNotEquals(graySingle, colourSingle, "the hash tells pictures apart");
        }
    }

    /** Decodes in the page (createImageBitmap, then a canvas) and hashes the RGBA pixels (FNV-1a). */
    private static String pixelHash(HeadlessChromium chromium, byte[] jpeg) throws Exception {
        chromium.evaluate("window.decoded = null; (async () => { try {"
                + " const bytes = Uint8Array.from(atob('" + Base64.getEncoder().encodeToString(jpeg) + "'),"
                + "   c => c.charCodeAt(0));"
                + " const bitmap = await createImageBitmap(new Blob([bytes], {type: 'image/jpeg'}));"
                + " const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);"
                + " const context = canvas.getContext('2d'); context.drawImage(bitmap, 0, 0);"
                + " const rgba = context.getImageData(0, 0, bitmap.width, bitmap.height).data;"
                + " let hash = 2166136261;"
                + " for (let i = 0; i < rgba.length; i++) { hash = Math.imul(hash ^ rgba[i], 16777619); }"
                + " window.decoded = bitmap.width + 'x' + bitmap.height + ':' + (hash >>> 0).toString(16);"
                + " } catch (e) { window.decoded = 'error: ' + e; } })(); 'started'");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String decoded = chromium.evaluate("window.decoded || ''");
            if (!decoded.isEmpty()) {
                assertTrue(!decoded.startsWith("error"), decoded);
                return decoded;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("chromium did not decode the JPEG within 30 s");
    }

    private static byte[] ffmpeg(byte[] jpeg, String pixelFormat, Path file) throws IOException, InterruptedException {
        Files.write(file, jpeg);
        Path complaints = file.resolveSibling(file.getFileName() + ".log");
        // -v warning: FFmpeg's decoder reports a bad restart marker as a warning and carries on.
        Process process = new ProcessBuilder(FFMPEG.toString(), "-v", "warning", "-i", file.toString(),
                "-f", "rawvideo", "-pix_fmt", pixelFormat, "-").redirectError(complaints.toFile()).start();
        byte[] pixels;
        try (InputStream out = process.getInputStream()) {
            pixels = out.readAllBytes();
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, process.exitValue(), "ffmpeg failed on " + file + ": " + Files.readString(complaints));
        // swscale warns that full-range yuvj420p is deprecated when converting colour: not about the JPEG.
        String decoderComplaints = Files.readAllLines(complaints).stream()
                .filter(line -> !line.contains("deprecated pixel format used")).collect(Collectors.joining("\n"));
        assertEquals("", decoderComplaints, "ffmpeg complained about " + file);
        assertTrue(pixels.length > 0 && !Arrays.equals(pixels, new byte[pixels.length]), "ffmpeg gave no picture");
        return pixels;
    }
}
