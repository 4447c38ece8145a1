package io.camstream.testkit;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's chromium, headless, driven over the DevTools protocol: open a page, take screenshots.
 * {@code chromium --screenshot} is no use for live pages: an MJPEG {@code <img>} keeps the page loading
 * forever, so it fires too early or never. Each instance has a fresh profile, deleted on close.
 *
 * <pre>{@code
 * try (HeadlessChromium chromium = HeadlessChromium.start(1280, 800)) {
 *     chromium.navigate("http://127.0.0.1:8080/");
 *     byte[] png = chromium.screenshot();
 * }
 * }</pre>
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://[^\\s]+)");

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /**
     * Starts chromium with a window of that size, attached to its blank page. Skips the calling test
     * when chromium is not installed (fails it under CI: see {@link Prerequisite}).
     */
    public static HeadlessChromium start(int width, int height) throws IOException, InterruptedException {
        Prerequisite.require(Files.isExecutable(BINARY), BINARY + " (Debian's chromium package)");
        Path profile = Files.createTempDirectory("camstream-chromium");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--remote-allow-origins=*",
                "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            URI browser = URI.create(devToolsAddress(process));
            HttpClient client = HttpClient.newHttpClient();
            URI list = URI.create("http://" + browser.getAuthority() + "/json/list");
            String pages = client.send(HttpRequest.newBuilder(list).timeout(TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String page = JsonParser.parseString(pages).getAsJsonArray().asList().stream()
                    .map(entry -> entry.getAsJsonObject())
                    .filter(entry -> entry.get("type").getAsString().equals("page")).findFirst()
                    .orElseThrow(() -> new IOException("chromium has no page to drive: " + pages))
                    .get("webSocketDebuggerUrl").getAsString();
            HeadlessChromium[] self = new HeadlessChromium[1];
            WebSocket socket = client.newWebSocketBuilder().connectTimeout(TIMEOUT)
                    .buildAsync(URI.create(page), new Replies(reply -> {
                        if (self[0] != null) {
                            self[0].answer(reply);
                        }
                    }))
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            self[0] = new HeadlessChromium(process, profile, socket);
            return self[0];
        } catch (IOException | InterruptedException | RuntimeException e) {
            process.destroyForcibly();
            delete(profile);
            throw e;
        } catch (Exception e) {
            process.destroyForcibly();
            delete(profile);
            throw new IOException("could not drive chromium: " + e, e);
        }
    }

    /** Opens that address in the page (not waiting for it to finish loading: a live page never does). */
    public void navigate(String url) throws IOException {
        JsonObject params = new JsonObject();
        params.addProperty("url", url);
        call("Page.navigate", params);
    }

    /** Lays the page out for a viewport of that size, as a phone's or a narrow window's. */
    public void resize(int width, int height) throws IOException {
        JsonObject params = new JsonObject();
        params.addProperty("width", width);
        params.addProperty("height", height);
        params.addProperty("deviceScaleFactor", 1);
        params.addProperty("mobile", false);
        call("Emulation.setDeviceMetricsOverride", params);
    }

    /** What the page shows now, as a PNG. */
    public byte[] screenshot() throws IOException {
        JsonObject params = new JsonObject();
        params.addProperty("format", "png");
        return Base64.getDecoder().decode(call("Page.captureScreenshot", params).get("data").getAsString());
    }

    /** Runs a JavaScript expression in the page and gives its value as a string. */
    public String evaluate(String expression) throws IOException {
        JsonObject params = new JsonObject();
        params.addProperty("expression", expression);
        params.addProperty("returnByValue", true);
        JsonObject result = call("Runtime.evaluate", params).getAsJsonObject("result");
        return result.has("value") ? result.get("value").getAsString() : "";
    }

    private JsonObject call(String method, JsonObject params) throws IOException {
        int id = ids.incrementAndGet();
        JsonObject message = new JsonObject();
        message.addProperty("id", id);
        message.addProperty("method", method);
        message.add("params", params);
        CompletableFuture<JsonObject> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true);
        try {
            JsonObject answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IOException(method + " failed: " + answer.get("error"));
            }
            return answer.getAsJsonObject("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(method + " interrupted", e);
        } catch (Exception e) {
            throw e instanceof IOException io ? io : new IOException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    private void answer(JsonObject reply) {
        if (reply.has("id")) {
            CompletableFuture<JsonObject> waiting = pending.get(reply.get("id").getAsInt());
            if (waiting != null) {
                waiting.complete(reply);
            }
        }
    }

    /** Reads chromium's standard error until it says where DevTools listens; the rest is drained and dropped. */
    private static String devToolsAddress(Process process) throws IOException {
        BufferedReader errors = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = errors.readLine(); line != null; line = errors.readLine()) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                Thread drain = new Thread(() -> errors.lines().forEach(ignored -> { }), "chromium stderr");
                drain.setDaemon(true);
                drain.start();
                return matcher.group(1);
            }
            seen.append(line).append('\n');
        }
        throw new IOException("chromium exited without opening DevTools:\n" + seen);
    }

    @Override
    public void close() throws IOException {
        socket.abort();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(profile);
    }

    private static void delete(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // Chromium may still be writing into its profile as it exits; a temp directory left behind is harmless.
        }
    }

    /** Puts each whole message (they may come in pieces: screenshots are large) together and hands it on. */
    private static final class Replies implements WebSocket.Listener {
        private final Consumer<JsonObject> onReply;
        private final StringBuilder message = new StringBuilder();

        Replies(Consumer<JsonObject> onReply) {
            this.onReply = onReply;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                String whole = message.toString();
                message.setLength(0);
                onReply.accept(JsonParser.parseString(whole).getAsJsonObject());
            }
            webSocket.request(1);
            return null;
        }
    }
}
