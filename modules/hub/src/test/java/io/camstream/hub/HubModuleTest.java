package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The hub is the part every adapter shares, so it must not need any of them: no gRPC, no network. */
class HubModuleTest {

    private static Path classes() throws URISyntaxException {
        return Path.of(Hub.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theModuleReadsOnlyCaptureEncodeAndTheJdkBase() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("io.camstream.hub", descriptor.name());
        List<String> requires = descriptor.requires().stream().map(ModuleDescriptor.Requires::name).sorted().toList();
        assertEquals(List.of("io.camstream.capture", "io.camstream.encode", "java.base"), requires);
    }

    @Test
    void noClassMentionsGrpcOrProtobuf() throws IOException, URISyntaxException {
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes())) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertTrue(classFiles.size() > 5, "found the hub's classes: " + classFiles);
        for (Path file : classFiles) {
            String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertTrue(!constants.contains("io/grpc") && !constants.contains("com/google/protobuf"),
                    file + " refers to gRPC or protobuf");
        }
    }
}
