package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Sources;
import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.ModuleDeclarations;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderDeclarationsTest {

    private static final List<String> PROVIDERS = List.of(CameraSourceProvider.class.getName(),
            FileSourceProvider.class.getName(), StreamSourceProvider.class.getName());

    @Test
    void moduleInfoAndMetaInfServicesDeclareTheSameProviders() throws Exception {
        ModuleDeclarations declarations = ModuleDeclarations.of(CameraSourceProvider.class);

        assertEquals(PROVIDERS, declarations.providers(SourceProvider.class));
        declarations.assertProvidersAgree();
    }

    @Test
    void discoveryFindsEveryKindByScheme() {
        Sources sources = Sources.discover();
        for (String scheme : List.of("pattern", "camera", "file", "rtsp", "rtsps", "http", "https")) {
            assertTrue(sources.find(scheme).isPresent(), scheme);
        }
        assertEquals(List.of("pattern", "camera", "file", "stream"),
                sources.all().stream().map(SourceProvider::name).toList());
    }
}
