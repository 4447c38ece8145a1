package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Sources;
import io.camstream.capture.spi.SourceProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderDeclarationsTest {

    private static final List<String> PROVIDERS = List.of(CameraSourceProvider.class.getName(),
            FileSourceProvider.class.getName(), StreamSourceProvider.class.getName());

    @Test
    void moduleInfoAndMetaInfServicesDeclareTheSameProviders() throws Exception {
        String service = SourceProvider.class.getName();
        List<String> declared = Files.readAllLines(Path.of("src/main/resources/META-INF/services/" + service)).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        String module = Files.readString(Path.of("src/main/java/module-info.java")).replaceAll("\\s+", " ");

        assertEquals(PROVIDERS, declared);
        assertTrue(module.contains("provides " + service + " with " + String.join(", ", PROVIDERS) + ";"), module);
    }

    @Test
    void discoveryFindsEveryKindByScheme() {
        Sources sources = Sources.discover();
        for (String scheme : List.of("pattern", "camera", "file", "rtsp", "rtsps", "http", "https")) {
            assertTrue(sources.find(scheme).isPresent(), scheme);
        }
        assertEquals(List.of("pattern", "camera", "file", "stream"), sources.all().stream().map(SourceProvider::name).toList());
    }
}
