package io.camstream.http;

import io.camstream.capture.TestPatternSource;
import io.camstream.encode.Encoders;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.hub.Hub;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** A hub with test-pattern cameras, served over HTTP on an ephemeral port of 127.0.0.1, and a client for it. */
final class HttpFixture implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);

    final Hub hub;
    final CamstreamHttp http;
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private HttpFixture(Hub hub, CamstreamHttp http) {
        this.hub = hub;
        this.http = http;
    }

    /** One camera, "front": the test pattern, 320x240 at 30 fps. */
    static HttpFixture start() throws Exception {
        return start(hub -> hub.camera("front", new TestPatternSource(320, 240, 30)), http -> http);
    }

    static HttpFixture start(Consumer<Hub.Builder> cameras, UnaryOperator<CamstreamHttp.Builder> configure)
            throws Exception {
        Hub.Builder builder = Hub.builder().encoders(Encoders.of(List.of(new ImageIoEncoderProvider())));
        cameras.accept(builder);
        Hub hub = builder.build();
        hub.start();
        try {
            return new HttpFixture(hub, configure.apply(CamstreamHttp.builder(hub).port(0)).start());
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
    }

    int port() {
        return http.port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return client.send(request(path).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A stream's response, its body to be read as it comes (no timeout: a stream never ends by itself). */
    HttpResponse<InputStream> openRequest(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofDays(1)).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    HttpResponse<InputStream> open(String path) throws IOException, InterruptedException {
        return openRequest(request(path));
    }

    static MjpegReader reader(InputStream body, HttpResponse<?> response) {
        return new MjpegReader(body, response.headers().firstValue("Content-Type").orElseThrow());
    }

    @Override
    public void close() {
        try {
            http.close();
        } finally {
            hub.close();
        }
    }
}
