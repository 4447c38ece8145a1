package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The service providers a compiled module declares, read back from its {@code module-info.class}
 * and its {@code META-INF/services} files, so that a test can check the two declarations agree.
 * Both are needed and nothing else notices when one is forgotten: {@link java.util.ServiceLoader}
 * reads {@code provides} on the module path and only the services files on the class path (JMH,
 * fat jars, and Surefire here).
 *
 * <p>The compiled descriptor is read, not {@code module-info.java}: it is what the JVM sees, and it
 * is found from any class of the module, in a classes folder or a jar, whatever the working folder.
 */
public final class ModuleDeclarations {

    private static final String SERVICES = "META-INF/services/";

    private final String location;
    private final ModuleDescriptor descriptor;
    private final Map<String, List<String>> servicesFiles;
    private final Set<String> missingClassFiles;
    private final ClassLoader loader;

    private ModuleDeclarations(String location, ModuleDescriptor descriptor, Map<String, List<String>> servicesFiles,
            Set<String> missingClassFiles, ClassLoader loader) {
        this.location = location;
        this.descriptor = descriptor;
        this.servicesFiles = servicesFiles;
        this.missingClassFiles = missingClassFiles;
        this.loader = loader;
    }

    /** The declarations of the module that {@code anyClass} was loaded from (its classes folder or jar). */
    public static ModuleDeclarations of(Class<?> anyClass) throws IOException {
        CodeSource source = anyClass.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalArgumentException(anyClass.getName() + " has no code source to read a module from");
        }
        try {
            return read(Path.of(source.getLocation().toURI()), anyClass.getClassLoader());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot locate the classes of " + anyClass.getName(), e);
        }
    }

    /**
     * The declarations of the module compiled into this folder or jar.
     *
     * @param loader loads the implementation classes (and the services) to check they can be instantiated
     * @throws IllegalArgumentException when there is no {@code module-info.class} to read
     */
    public static ModuleDeclarations read(Path classesOrJar, ClassLoader loader) throws IOException {
        if (Files.isDirectory(classesOrJar)) {
            return read(classesOrJar, classesOrJar.toString(), loader);
        }
        try (FileSystem jar = FileSystems.newFileSystem(classesOrJar)) {
            return read(jar.getPath("/"), classesOrJar.toString(), loader);
        }
    }

    private static ModuleDeclarations read(Path root, String location, ClassLoader loader) throws IOException {
        Path moduleInfo = root.resolve("module-info.class");
        if (!Files.exists(moduleInfo)) {
            throw new IllegalArgumentException("no module-info.class in " + location + ": is it a compiled module?");
        }
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(moduleInfo)) {
            descriptor = ModuleDescriptor.read(in);
        }
        Map<String, List<String>> servicesFiles = new TreeMap<>();
        Path services = root.resolve(SERVICES);
        if (Files.isDirectory(services)) {
            try (Stream<Path> files = Files.list(services)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    servicesFiles.put(file.getFileName().toString(), implementations(file));
                }
            }
        }
        Set<String> declared = new LinkedHashSet<>();
        descriptor.provides().forEach(provides -> declared.addAll(provides.providers()));
        servicesFiles.values().forEach(declared::addAll);
        Set<String> missingClassFiles = new LinkedHashSet<>();
        for (String implementation : declared) {
            if (!Files.exists(root.resolve(implementation.replace('.', '/') + ".class"))) {
                missingClassFiles.add(implementation);
            }
        }
        return new ModuleDeclarations(location, descriptor, servicesFiles, missingClassFiles, loader);
    }

    /** The implementations named in a services file, in order; {@code #} starts a comment, as for ServiceLoader. */
    private static List<String> implementations(Path servicesFile) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(servicesFile, StandardCharsets.UTF_8)) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    public ModuleDescriptor descriptor() {
        return descriptor;
    }

    /** The implementations of {@code service} named by {@code provides ... with}, in declaration order. */
    public List<String> providers(Class<?> service) {
        return descriptor.provides().stream().filter(provides -> provides.service().equals(service.getName()))
                .flatMap(provides -> provides.providers().stream()).toList();
    }

    /** Every disagreement between the two declarations, and every provider ServiceLoader could not create. */
    public List<String> problems() {
        Map<String, List<String>> provided = new TreeMap<>();
        descriptor.provides().forEach(provides -> provided.put(provides.service(), provides.providers()));
        Set<String> services = new TreeSet<>(provided.keySet());
        services.addAll(servicesFiles.keySet());

        List<String> problems = new ArrayList<>();
        for (String service : services) {
            List<String> inModuleInfo = provided.get(service);
            List<String> listed = servicesFiles.get(service);
            if (inModuleInfo == null) {
                problems.add(SERVICES + service + " lists " + listed + " but module-info.class does not provide "
                        + service);
            } else if (listed == null) {
                problems.add("module-info.class provides " + service + " with " + inModuleInfo + " but there is no "
                        + SERVICES + service);
            } else if (!listed.equals(inModuleInfo)) {
                problems.add("module-info.class provides " + service + " with " + inModuleInfo + " but "
                        + SERVICES + service + " lists " + listed + " (same classes, same order)");
            }
            Set<String> implementations = new LinkedHashSet<>(provided.getOrDefault(service, List.of()));
            implementations.addAll(servicesFiles.getOrDefault(service, List.of()));
            checkService(service, implementations, problems);
        }
        return problems;
    }

    /** Fails with every problem at once, so one run shows everything to fix. */
    public void assertProvidersAgree() {
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            fail("module " + descriptor.name() + " (" + location + ") declares its service providers"
                    + " inconsistently:\n  " + String.join("\n  ", problems));
        }
    }

    private void checkService(String serviceName, Set<String> implementations, List<String> problems) {
        Class<?> service;
        try {
            service = Class.forName(serviceName, false, loader);
        } catch (ClassNotFoundException e) {
            problems.add("service " + serviceName + " cannot be loaded");
            return;
        }
        for (String implementation : implementations) {
            if (missingClassFiles.contains(implementation)) {
                problems.add(implementation + " is declared but is not a class of " + location);
                continue;
            }
            checkImplementation(service, implementation, problems);
        }
    }

    /** What ServiceLoader needs on the class path, where a static {@code provider()} method does not count. */
    private void checkImplementation(Class<?> service, String implementation, List<String> problems) {
        Class<?> type;
        try {
            type = Class.forName(implementation, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            problems.add(implementation + " cannot be loaded: " + e);
            return;
        }
        if (!service.isAssignableFrom(type)) {
            problems.add(implementation + " does not implement " + service.getName());
        }
        if (!Modifier.isPublic(type.getModifiers()) || Modifier.isAbstract(type.getModifiers())) {
            problems.add(implementation + " is not a public concrete class");
        }
        try {
            if (!Modifier.isPublic(type.getDeclaredConstructor().getModifiers())) {
                problems.add(implementation + " has no public no-argument constructor");
            }
        } catch (NoSuchMethodException e) {
            problems.add(implementation + " has no public no-argument constructor");
        }
    }
}
