package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.capture.TestPatternSource;
import io.camstream.testkit.HeadlessChromium;
import io.camstream.testkit.Prerequisite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Real players: Debian's ffmpeg reads the streams, headless chromium shows the live page. */
@Timeout(90)
class HttpPlayersTest {

    private static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    private static final Pattern FRAMES = Pattern.compile("frame=\\s*(\\d+)");
    private static final String SHOWN = "640,320,160,160,160,160 [0-9.]+(,[0-9.]+){5}";
    private static HttpFixture server;

    @BeforeAll
    static void start() throws Exception {
        // Six cameras: more live pictures than a browser opens connections to one server (6 over HTTP/1.1).
        server = HttpFixture.start(hub -> {
            hub.camera("front", new TestPatternSource(640, 480, 30))
                    .camera("garage", new TestPatternSource(320, 240, 15));
            for (String name : List.of("hall", "yard", "attic", "porch")) {
                hub.camera(name, new TestPatternSource(160, 120, 5));
            }
        }, http -> http);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/stream", "/?action=stream", "/stream.mjpg?camera=garage&color=color"})
    void ffmpegPlaysTheStream(String path) throws Exception {
        Prerequisite.require(Files.isExecutable(FFMPEG), FFMPEG + " (Debian's ffmpeg package)");
        Process ffmpeg = new ProcessBuilder(FFMPEG.toString(), "-hide_banner", "-nostdin", "-i",
                server.uri(path).toString(), "-frames:v", "30", "-f", "null", "-").redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(ffmpeg.waitFor(30, TimeUnit.SECONDS), "ffmpeg did not finish");
        assertEquals(0, ffmpeg.exitValue(), output);
        Matcher frames = FRAMES.matcher(output);
        String last = null;
        while (frames.find()) {
            last = frames.group(1);
        }
        assertEquals("30", last, output);
        assertTrue(output.contains("mjpeg"), "ffmpeg saw Motion JPEG: " + output);
    }

    @Test
    void chromiumShowsTheLivePage() throws Exception {
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        try (HeadlessChromium chromium = HeadlessChromium.start(1600, 1100)) {
            chromium.resize(1600, 1100);
            chromium.navigate(server.uri("/").toString());
            long deadline = System.currentTimeMillis() + 15_000;
            // Every picture shown (the last two as snapshots, leaving connections for /state), and /state read
            // twice at least (the rate needs two readings).
            String shown = "";
            while (System.currentTimeMillis() < deadline) {
                shown = chromium.evaluate("[...document.querySelectorAll('img')].map(i => i.naturalWidth).join(',')"
                        + " + ' ' + [...document.querySelectorAll('.rate')].map(r => r.textContent).join(',')");
                if (shown.matches(SHOWN)) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(shown.matches(SHOWN), "the page shows: '" + shown + "'");
            JsonObject box = JsonParser.parseString(chromium.evaluate(
                    "JSON.stringify(document.querySelector('img').getBoundingClientRect())")).getAsJsonObject();
            byte[] first = chromium.screenshot();
            Thread.sleep(1000);
            byte[] second = chromium.screenshot();
            Files.write(screenshots.resolve("page-1.png"), first);
            Files.write(screenshots.resolve("page-2.png"), second);
            BufferedImage before = png(first);
            BufferedImage after = png(second);
            int x = (int) box.get("x").getAsDouble();
            int y = (int) box.get("y").getAsDouble();
            int width = (int) box.get("width").getAsDouble();
            int height = (int) box.get("height").getAsDouble();
            assertTrue(width > 300 && height > 200, "the picture is " + width + "x" + height);
            assertTrue(distinctGrays(before, x, y, width, height) > 20, "the first screenshot shows a picture");
            assertTrue(distinctGrays(after, x, y, width, height) > 20, "the second screenshot shows a picture");
            int changed = 0;
            for (int row = y; row < y + height; row++) {
                for (int column = x; column < x + width; column++) {
                    if (before.getRGB(column, row) != after.getRGB(column, row)) {
                        changed++;
                    }
                }
            }
            assertTrue(changed > width * height / 100, "only " + changed + " pixels changed in a second: not live");
            String rate = chromium.evaluate("document.querySelector('.rate').textContent");
            assertTrue(Double.parseDouble(rate) > 15, "the page says " + rate + " frames/s for a 30 fps camera");
            chromium.resize(420, 900);
            Thread.sleep(300);
            String stacked = chromium.evaluate("(() => { const [a, b] = document.querySelectorAll('img');"
                    + " return a.getBoundingClientRect().bottom <= b.getBoundingClientRect().top"
                    + " && a.getBoundingClientRect().width <= 420; })() + ''");
            Files.write(screenshots.resolve("page-narrow.png"), chromium.screenshot());
            assertEquals("true", stacked, "on a narrow screen the cameras stack, each within the width");
        }
    }

    private static BufferedImage png(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        assertEquals(1600, image.getWidth());
        return image;
    }

    private static long distinctGrays(BufferedImage image, int x, int y, int width, int height) {
        int[] pixels = image.getRGB(x, y, width, height, null, 0, width);
        return Arrays.stream(pixels).map(rgb -> rgb & 0xFF).distinct().count();
    }
}
