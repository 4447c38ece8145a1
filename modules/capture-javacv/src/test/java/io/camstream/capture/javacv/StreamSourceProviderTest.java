package io.camstream.capture.javacv;

import com.sun.net.httpserver.HttpServer;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.spi.SourceProvider;
import io.camstream.testkit.SourceProviderContractTest;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Network streams keep the source contract; the stream to open is a clip served over HTTP on 127.0.0.1. */
class StreamSourceProviderTest extends SourceProviderContractTest {

    @TempDir
    Path dir;

    private HttpServer http;

    @Override
    protected SourceProvider provider() {
        return new StreamSourceProvider();
    }

    @Override
    protected List<MalformedSpec> malformedSpecs() {
        return List.of(
                new MalformedSpec("rtsp:/nohost", "'rtsp:/nohost' has no host; expected e.g. rtsp://HOST[:PORT]/PATH"),
                new MalformedSpec("rtsp://admin:S3cr3tPw@cam/live?rtsp_transport=pigeon",
                        "'rtsp://admin:***@cam/live?rtsp_transport=pigeon': rtsp_transport must be one of "
                                + "http, https, tcp, udp, udp_multicast, got 'pigeon'"),
                new MalformedSpec("http://bad host/x", "'http://bad host/x' is not a URL:"
                        + " Illegal character in authority at index 7: http://bad host/x"));
    }

    @Override
    protected Optional<String> workingSpec() throws Exception {
        byte[] clip = Files.readAllBytes(Clips.write(dir.resolve("clip.mp4"), 10, 160, 120));
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/clip.mp4", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "video/mp4");
            exchange.sendResponseHeaders(200, clip.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(clip);
            }
        });
        http.start();
        return Optional.of("http://127.0.0.1:" + http.getAddress().getPort() + "/clip.mp4");
    }

    @Override
    protected SourceOptions workingOptions() {
        return SourceOptions.defaults().withFps(1000);
    }

    @AfterEach
    void stop() {
        if (http != null) {
            http.stop(0);
        }
    }
}
