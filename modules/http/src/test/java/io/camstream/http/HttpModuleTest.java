package io.camstream.http;

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

/** The HTTP face is an adapter over the hub beside the gRPC one, not on top of it: no gRPC, no server module. */
class HttpModuleTest {

    private static Path classes() throws URISyntaxException {
        return Path.of(CamstreamHttp.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void theModuleReadsTheHubJettyAndGsonOnly() throws Exception {
        ModuleDescriptor descriptor;
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            descriptor = ModuleDescriptor.read(in);
        }
        assertEquals("io.camstream.http", descriptor.name());
        List<String> requires = descriptor.requires().stream().map(ModuleDescriptor.Requires::name).sorted().toList();
        assertEquals(List.of("com.google.gson", "io.camstream.hub", "java.base", "org.eclipse.jetty.server"), requires);
        assertEquals(List.of("io.camstream.http"),
                descriptor.exports().stream().map(ModuleDescriptor.Exports::source).toList());
    }

    @Test
    void noClassMentionsGrpcOrTheServer() throws IOException, URISyntaxException {
        List<Path> classFiles;
        try (Stream<Path> files = Files.walk(classes())) {
            classFiles = files.filter(file -> file.toString().endsWith(".class")).toList();
        }
        assertTrue(classFiles.size() > 5, "found the module's classes: " + classFiles);
        for (Path file : classFiles) {
            String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            assertTrue(!constants.contains("io/grpc") && !constants.contains("com/google/protobuf")
                    && !constants.contains("io/camstream/server") && !constants.contains("jakarta/servlet"),
                    file + " refers to gRPC, protobuf, the gRPC server or servlets");
        }
    }
}
