package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camstream.capture.TestPatternSourceProvider;
import io.camstream.capture.spi.SourceProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a real module, and against a small module compiled here whose declarations are broken
 * one way at a time. Its {@code demo.ByFactory} has only a static {@code provider()} method, which
 * {@code provides} accepts and the class path does not: the mistake javac cannot catch.
 */
class ModuleDeclarationsTest {

    private static final String SERVICES = "META-INF/services/demo.Greeter";

    @TempDir
    static Path compiled;
    static Path demo;

    @TempDir
    Path work;

    @BeforeAll
    static void compileTheDemoModule() throws Exception {
        Path sources = compiled.resolve("src");
        Path demoPackage = Files.createDirectories(sources.resolve("demo"));
        Files.writeString(sources.resolve("module-info.java"),
                "module demo { provides demo.Greeter with demo.Plain, demo.ByFactory; }");
        Files.writeString(demoPackage.resolve("Greeter.java"), "package demo; public interface Greeter {}");
        Files.writeString(demoPackage.resolve("Plain.java"), "package demo; public class Plain implements Greeter {}");
        Files.writeString(demoPackage.resolve("ByFactory.java"), "package demo; public class ByFactory"
                + " implements Greeter { private ByFactory() {} public static ByFactory provider() { return null; } }");
        Files.writeString(demoPackage.resolve("Hidden.java"), "package demo; class Hidden implements Greeter {}");
        Files.writeString(demoPackage.resolve("Stranger.java"), "package demo; public class Stranger {}");
        demo = compiled.resolve("classes");
        List<String> javac = new ArrayList<>(List.of("-d", demo.toString(), "-proc:none"));
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> javac.add(f.toString()));
        }
        run("javac", javac.toArray(String[]::new));
    }

    @Test
    void aRealModuleIsReadFromItsCompiledDescriptor() throws Exception {
        ModuleDeclarations capture = ModuleDeclarations.of(TestPatternSourceProvider.class);

        assertEquals("io.camstream.capture", capture.descriptor().name());
        assertEquals(List.of(TestPatternSourceProvider.class.getName()), capture.providers(SourceProvider.class));
        assertEquals(List.of(), capture.problems());
    }

    @Test
    void aProviderWithoutAPublicConstructorIsTheOnlyProblemWhenBothListTheSame() throws Exception {
        Path classes = demoWithServicesFile("demo.Plain  # the plain one\n\ndemo.ByFactory\n");

        assertEquals(List.of("demo.ByFactory has no public no-argument constructor"), problems(classes));
    }

    @Test
    void aMissingServicesFileIsNamed() throws Exception {
        Path classes = copyOfDemo();

        assertEquals(List.of("module-info.class provides demo.Greeter with [demo.Plain, demo.ByFactory]"
                + " but there is no " + SERVICES, "demo.ByFactory has no public no-argument constructor"),
                problems(classes));
    }

    @Test
    void anotherOrderOrExtraClassesDisagreeAndEachBadClassIsNamed() throws Exception {
        Path classes = demoWithServicesFile("demo.ByFactory\ndemo.Plain\ndemo.Hidden\ndemo.Stranger\n");

        assertEquals(List.of("module-info.class provides demo.Greeter with [demo.Plain, demo.ByFactory] but " + SERVICES
                        + " lists [demo.ByFactory, demo.Plain, demo.Hidden, demo.Stranger] (same classes, same order)",
                "demo.ByFactory has no public no-argument constructor",
                "demo.Hidden is not a public concrete class",
                "demo.Hidden has no public no-argument constructor",
                "demo.Stranger does not implement demo.Greeter"), problems(classes));
    }

    @Test
    void aServicesFileForAServiceNotProvidedIsNamed() throws Exception {
        Path classes = demoWithServicesFile("demo.Plain\ndemo.ByFactory\n");
        Files.writeString(classes.resolve("META-INF/services/demo.Unknown"), "demo.Plain\n");

        assertEquals(List.of("demo.ByFactory has no public no-argument constructor",
                "META-INF/services/demo.Unknown lists [demo.Plain] but module-info.class does not provide demo.Unknown",
                "service demo.Unknown cannot be loaded"), problems(classes));
    }

    @Test
    void aDeclaredClassThatIsNotInTheModuleIsNamed() throws Exception {
        Path classes = demoWithServicesFile("demo.Plain\ndemo.ByFactory\n");
        Files.delete(classes.resolve("demo/Plain.class"));

        List<String> problems = problems(classes);

        assertEquals("demo.Plain is declared but is not a class of " + classes, problems.get(0));
    }

    @Test
    void aJarIsReadLikeAFolderAndTheFailureListsEveryProblem() throws Exception {
        Path classes = demoWithServicesFile("demo.Plain\n");
        Path jar = work.resolve("demo.jar");
        run("jar", "--create", "--file", jar.toString(), "-C", classes.toString(), ".");

        try (URLClassLoader loader = loaderOf(jar)) {
            ModuleDeclarations declarations = ModuleDeclarations.read(jar, loader);
            assertEquals(List.of("demo.Plain", "demo.ByFactory"), declarations.providers(demoGreeter(loader)));
            AssertionError failure = assertThrows(AssertionError.class, declarations::assertProvidersAgree);
            assertEquals("module demo (" + jar + ") declares its service providers inconsistently:\n"
                    + "  module-info.class provides demo.Greeter with [demo.Plain, demo.ByFactory] but " + SERVICES
                    + " lists [demo.Plain] (same classes, same order)\n"
                    + "  demo.ByFactory has no public no-argument constructor", failure.getMessage());
        }
    }

    @Test
    void classesWithoutAModuleDescriptorAreRefused() throws Exception {
        Path classes = copyOfDemo();
        Files.delete(classes.resolve("module-info.class"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModuleDeclarations.read(classes, getClass().getClassLoader()));
        assertEquals("no module-info.class in " + classes + ": is it a compiled module?", e.getMessage());
    }

    private List<String> problems(Path classes) throws IOException {
        try (URLClassLoader loader = loaderOf(classes)) {
            return ModuleDeclarations.read(classes, loader).problems();
        }
    }

    private Path demoWithServicesFile(String content) throws IOException {
        Path classes = copyOfDemo();
        Files.createDirectories(classes.resolve(SERVICES).getParent());
        Files.writeString(classes.resolve(SERVICES), content);
        return classes;
    }

    private Path copyOfDemo() throws IOException {
        Path copy = work.resolve("classes");
        try (Stream<Path> files = Files.walk(demo)) {
            for (Path file : files.toList()) {
                Path target = copy.resolve(demo.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        return copy;
    }

    private static Class<?> demoGreeter(ClassLoader loader) throws ClassNotFoundException {
        return Class.forName("demo.Greeter", false, loader);
    }

    private static URLClassLoader loaderOf(Path classesOrJar) throws IOException {
        return new URLClassLoader(new URL[] {classesOrJar.toUri().toURL()}, null);
    }

    private static void run(String tool, String... arguments) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            int status = ToolProvider.findFirst(tool).orElseThrow().run(out, out, arguments);
            assertEquals(0, status, () -> tool + " failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }
}
