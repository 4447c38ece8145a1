package io.camstream.encode.imageio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Selective embedding: a program that needs only to encode frames depends on
 * {@code io.camstream.encode}, puts one plugin on the module path, and gets no gRPC and no JavaCV.
 * The program is compiled here as its own named module and launched with {@code -m}, with no
 * {@code --add-modules}: ServiceLoader binding pulls the plugin in because the encode module
 * {@code uses} the SPI.
 */
@Timeout(120)
class EmbeddingIT {

    /** What an embedder puts on the module path: the capture, encode and imageio modules plus TwelveMonkeys. */
    private static final Pattern EMBEDDED = Pattern.compile(
            ".*(camstream-(capture|encode|encode-imageio)-[^/]*\\.jar|encode-imageio/target/classes"
                    + "|/(imageio-core|imageio-jpeg|imageio-metadata|common-lang|common-io|common-image)"
                    + "-[^/]*\\.jar)$");

    @TempDir
    Path work;

    @Test
    void encodesAFrameWithOnlyTheEncodeModulesOnTheModulePath() throws Exception {
        List<String> modulePath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> EMBEDDED.matcher(entry.replace(File.separatorChar, '/')).matches()).toList();
        assertEquals(9, modulePath.size(), "capture, encode, encode-imageio and six TwelveMonkeys jars: " + modulePath);

        Path source = work.resolve("src/example/embed");
        Files.createDirectories(source);
        Files.writeString(work.resolve("src/module-info.java"),
                "module example.embed { requires io.camstream.encode; }");
        Files.writeString(source.resolve("Main.java"), """
                package example.embed;

                import io.camstream.capture.TestPatternSource;
                import io.camstream.encode.EncodedImage;
                import io.camstream.encode.EncoderOptions;
                import io.camstream.encode.Encoders;
                import io.camstream.encode.FrameEncoder;
                import io.camstream.encode.spi.EncoderProvider;

                public class Main {
                    public static void main(String[] args) throws Exception {
                        EncoderProvider provider = Encoders.discover().best();
                        try (TestPatternSource source = new TestPatternSource(320, 240, 1000);
                             FrameEncoder encoder = provider.create(EncoderOptions.defaults())) {
                            EncodedImage image = encoder.encode(source.grab());
                            System.out.println("encoded " + image.width() + "x" + image.height() + " with "
                                    + provider.name() + " into " + image.data().length + " bytes");
                        }
                        System.out.println("grpc: " + ModuleLayer.boot().findModule("io.grpc").isPresent());
                        System.out.println("bytedeco: " + ModuleLayer.boot().modules().stream()
                                .anyMatch(m -> m.getName().startsWith("org.bytedeco")));
                    }
                }
                """);
        String path = String.join(File.pathSeparator, modulePath);
        Path classes = work.resolve("classes");
        Output compiled = run(tool("javac"), "--module-path", path, "-d", classes.toString(),
                work.resolve("src/module-info.java").toString(), source.resolve("Main.java").toString());
        assertEquals(0, compiled.exit, "the example did not compile against the encode modules: " + compiled.text);

        Output example = run(tool("java"), "--module-path", classes + File.pathSeparator + path,
                "-m", "example.embed/example.embed.Main");
        String output = example.text;

        assertEquals(0, example.exit, output);
        assertTrue(output.matches("(?s)encoded 320x240 with imageio into \\d{4,} bytes\\n.*"), output);
        assertTrue(output.contains("grpc: false"), output);
        assertTrue(output.contains("bytedeco: false"), output);
    }

    private record Output(int exit, String text) {
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private static Output run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        return new Output(process.exitValue(), text);
    }
}
