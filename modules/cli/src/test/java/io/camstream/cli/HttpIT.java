package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.testkit.Picture;
import io.camstream.testkit.TestCertificates;
import io.camstream.testkit.TestCertificates.KeyType;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code camstream server} on the module path, watched over HTTP as a browser, a player and
 * Prometheus would: the page, MJPEG, snapshots, state, metrics and probes, then the same behind TLS and
 * an auth file, and a taken port refused by name.
 */
@Timeout(180)
class HttpIT extends CamstreamProcesses {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void theServerCommandServesThePageStreamsSnapshotsStateMetricsAndProbes() throws Exception {
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240");
        List<String> output = new ArrayList<>();
        awaitPort(server, output);
        String base = "http://127.0.0.1:" + awaitHttpPort(server, output);
        HttpClient http = HttpClient.newBuilder().connectTimeout(WAIT).build();

        assertEquals("200 ok", statusAndBody(http, get(base + "/healthz")).strip());
        String page = statusAndBody(http, get(base + "/"));
        assertTrue(page.startsWith("200 <!DOCTYPE html>"), "the live page: " + page.substring(0, 80));
        JsonObject state = JsonParser.parseString(body(http, get(base + "/state"))).getAsJsonObject();
        assertEquals("default", state.getAsJsonArray("cameras").get(0).getAsJsonObject().get("name").getAsString(),
                state.toString());

        HttpResponse<byte[]> snapshot = http.send(get(base + "/snapshot"), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, snapshot.statusCode());
        assertEquals(320, Picture.decode(snapshot.body()).width());

        List<Long> sequences = new ArrayList<>();
        HttpResponse<InputStream> stream = http.send(get(base + "/?action=stream"),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream parts = stream.body()) {
            assertTrue(stream.headers().firstValue("content-type").orElse("").startsWith("multipart/x-mixed-replace"),
                    stream.headers().toString());
            for (int i = 0; i < 5; i++) {
                Map<String, String> headers = new LinkedHashMap<>();
                byte[] jpeg = nextPart(parts, headers);
                assertEquals(240, Picture.decode(jpeg).height());
                sequences.add(Long.parseLong(headers.get("x-camstream-sequence")));
            }
        }
        assertEquals(sequences.stream().sorted().distinct().toList(), sequences, "increasing: " + sequences);

        String metrics = body(http, get(base + "/metrics"));
        assertTrue(metrics.contains("camstream_frames_captured_total{camera=\"default\"}"), metrics);
        assertTrue(metrics.contains("camstream_grpc_calls_total") || metrics.contains("jvm_"), metrics);
    }

    @Test
    void overTlsWithAnAuthFileHttpTakesTheServersCertificateAndItsTokens() throws Exception {
        TestCertificates ca = TestCertificates.authority(dir, "camstream test CA", KeyType.EC);
        TestCertificates.Issued identity = ca.server("camstream", KeyType.EC);
        Path token = dir.resolve("front.token");
        Result made = run("token", "--name", "front-viewer", "--role", "view", "--camera", "front",
                "--token-file", token.toString());
        assertEquals(0, made.exit(), made.toString());
        Path authFile = Files.writeString(dir.resolve("auth.txt"), made.stdout());
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", "front=pattern",
                "--source", "back=pattern", "--size", "320x240", "--tls-cert", identity.certificate().toString(),
                "--tls-key", identity.key().toString(), "--auth-file", authFile.toString());
        List<String> output = new ArrayList<>();
        awaitPort(server, output);
        String base = "https://127.0.0.1:" + awaitHttpPort(server, output);
        HttpClient https = HttpClient.newBuilder().sslContext(TestCertificates.trusting(ca.certificate()))
                .connectTimeout(WAIT).build();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("anyone:" + Files.readString(token).strip())
                .getBytes(StandardCharsets.UTF_8));

        assertTrue(statusAndBody(https, get(base + "/healthz")).startsWith("200"), "probes need no token");
        HttpResponse<String> refused = https.send(get(base + "/snapshot?camera=front"),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("www-authenticate").orElse("").startsWith("Basic"),
                refused.headers().toString());

        HttpResponse<byte[]> front = https.send(HttpRequest.newBuilder(URI.create(base + "/snapshot?camera=front"))
                .header("Authorization", basic).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, front.statusCode());
        assertEquals(320, Picture.decode(front.body()).width());

        HttpResponse<String> back = https.send(HttpRequest.newBuilder(URI.create(base + "/snapshot?camera=back"))
                .header("Authorization", basic).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, back.statusCode(), back.body());
        assertTrue(back.body().contains("front-viewer") && back.body().contains("'back'"), back.body());
        synchronized (output) {
            assertFalse(String.join("\n", output).contains(Files.readString(token).strip()), "no token in the log");
        }
    }

    @Test
    void aTakenHttpPortIsOneLineNamingTheWaysOutAndNoHttpServesGrpcOnly() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Result result = run("server", "--bind", "127.0.0.1", "--port", "0", "--http-port",
                    Integer.toString(taken.getLocalPort()));
            assertEquals(1, result.exit(), result.toString());
            assertTrue(result.stderr().contains("cannot listen for HTTP on 127.0.0.1:" + taken.getLocalPort())
                    && result.stderr().contains("--http-port") && result.stderr().contains("--no-http"),
                    result.toString());
            assertFalse(result.stderr().contains("Exception"), result.toString());
        }
        Process grpcOnly = start("server", "--bind", "127.0.0.1", "--port", "0", "--no-http");
        List<String> output = new ArrayList<>();
        awaitPort(grpcOnly, output);
        awaitLine(grpcOnly, output, "watch it with:");
        synchronized (output) {
            assertTrue(output.stream().noneMatch(line -> line.contains("HTTP on")), output.toString());
        }
    }

    private static HttpRequest get(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).timeout(WAIT).build();
    }

    private static String body(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), request.uri() + ": " + response.body());
        return response.body();
    }

    private static String statusAndBody(HttpClient http, HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body();
    }

    /** The next part of a multipart stream as players read it: headers up to a blank line, then the body. */
    static byte[] nextPart(InputStream in, Map<String, String> headers) throws IOException {
        String line;
        do {
            line = readLine(in);
        } while (line.isEmpty() || line.startsWith("--"));
        while (!line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            line = readLine(in);
        }
        byte[] jpeg = new byte[Integer.parseInt(headers.get("content-length"))];
        new DataInputStream(in).readFully(jpeg);
        return jpeg;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the stream ended in a part's headers");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
