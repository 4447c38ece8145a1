package io.camstream.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real RTSP server on 127.0.0.1 for tests: GStreamer's gst-rtsp-server, run by
 * {@code rtsp_test_server.py} (next to this class) with Debian's {@code /usr/bin/python3}. It serves
 * videotestsrc's SMPTE colour bars ({@link SmpteBars}), live, 640x480 at 30 fps, as H.264 and as
 * Motion JPEG (RTP/JPEG), over UDP or TCP as the client asks, optionally behind a user and password.
 *
 * <p>The script exits when its standard input closes, so it cannot outlive the JVM that started it;
 * {@link #close()} stops it and {@link #stop()} then {@link #restart()} bring it back on the same port,
 * for recovery tests. Whatever it printed is kept ({@link #output()}), so a test can check that a
 * password never appears there.
 */
public final class RtspTestServer implements AutoCloseable {

    /** What it serves at {@code /h264} and {@code /mjpeg}. */
    public enum Stream {
        H264("h264"), MJPEG("mjpeg");

        private final String path;

        Stream(String path) {
            this.path = path;
        }

        public String path() {
            return "/" + path;
        }
    }

    /** How a user must log in: RTSP's basic or digest authentication. */
    public enum Auth { BASIC, DIGEST }

    public static final int WIDTH = 640;
    public static final int HEIGHT = 480;
    public static final int FPS = 30;

    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String PACKAGES = "python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base "
            + "gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly";
    private static final Pattern READY = Pattern.compile("^ready rtsp://127\\.0\\.0\\.1:(\\d+)$");
    private static final Pattern SETUP = Pattern.compile("^setup (\\S+) (.*)$");
    private static final long START_SECONDS = 30;
    private static String missing;
    private static Path extracted;

    private final Path script;
    private final String user;
    private final String password;
    private final Auth auth;
    private final List<String> output = new ArrayList<>();
    private Process process;
    private int port;

    private RtspTestServer(Path script, String user, String password, Auth auth) {
        this.script = script;
        this.user = user;
        this.password = password;
        this.auth = auth;
    }

    /**
     * What this machine lacks to run the server, naming Debian's packages; empty when nothing. For
     * {@link Prerequisite#require}: {@code Prerequisite.require(RtspTestServer.missing().isEmpty(), ...)}.
     */
    public static synchronized String missing() {
        if (missing == null) {
            missing = check();
        }
        return missing;
    }

    /** Starts a server that anyone may watch, on a free port. */
    public static RtspTestServer start() throws IOException, InterruptedException {
        return start(null, null, Auth.DIGEST);
    }

    /**
     * Starts a server on a free port whose streams need this user and password (passed in the
     * script's environment, never on its command line).
     */
    public static RtspTestServer start(String user, String password, Auth auth) throws IOException,
            InterruptedException {
        RtspTestServer server = new RtspTestServer(extractScript(), user, password, Objects.requireNonNull(auth));
        server.launch(0);
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code rtsp://127.0.0.1:PORT/h264} and so on, without credentials. */
    public String url(Stream stream) {
        return "rtsp://127.0.0.1:" + port + stream.path();
    }

    /** The URL with this user and password in it; the password exactly as given (tests use URL-safe ones). */
    public String url(Stream stream, String user, String password) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + port + stream.path();
    }

    /**
     * The RTSP {@code Transport} header of every SETUP so far, e.g. {@code RTP/AVP/TCP;unicast;interleaved=0-1}
     * (TCP) or {@code RTP/AVP;unicast;client_port=50000-50001} (UDP): which transport clients chose.
     */
    public List<String> transports() {
        List<String> transports = new ArrayList<>();
        for (String line : output()) {
            Matcher setup = SETUP.matcher(line);
            if (setup.matches()) {
                transports.add(setup.group(2));
            }
        }
        return transports;
    }

    /** Every line the server printed, standard output and error, since it was first started. */
    public List<String> output() {
        synchronized (output) {
            return List.copyOf(output);
        }
    }

    /** Stops serving: clients see the connection close. {@link #restart()} serves again on the same port. */
    public void stop() throws InterruptedException {
        Process running = process;
        if (running == null) {
            return;
        }
        process = null;
        try {
            running.getOutputStream().close(); // the script's signal to quit
        } catch (IOException e) {
            // Already gone: nothing to close.
        }
        if (!running.waitFor(5, TimeUnit.SECONDS)) {
            running.destroyForcibly();
            running.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Serves again on the port it had, like a camera after a reboot. */
    public void restart() throws IOException, InterruptedException {
        stop();
        launch(port);
    }

    @Override
    public void close() {
        Process running = process;
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (running != null) {
                running.destroyForcibly();
            }
        }
    }

    private void launch(int requestedPort) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString(), "--port",
                Integer.toString(requestedPort), "--auth", auth.name().toLowerCase(Locale.ROOT))
                .redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.remove("RTSP_TEST_USER");
        environment.remove("RTSP_TEST_PASSWORD");
        if (user != null && password != null) {
            environment.put("RTSP_TEST_USER", user);
            environment.put("RTSP_TEST_PASSWORD", password);
        }
        Process started = builder.start();
        process = started;
        CompletableFuture<Integer> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(started.getInputStream(), ready), "rtsp-test-server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = ready.get(START_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IOException("the RTSP test server did not start within " + START_SECONDS + " s: " + output(), e);
        }
    }

    private void read(InputStream stream, CompletableFuture<Integer> ready) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher matcher = READY.matcher(line);
                if (matcher.matches()) {
                    ready.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("the RTSP test server exited"));
    }

    /** The script as a file Python can run, extracted once per JVM (the test kit may be a jar). */
    private static synchronized Path extractScript() throws IOException {
        if (extracted != null) {
            return extracted;
        }
        Path file = Files.createTempFile("rtsp_test_server", ".py");
        file.toFile().deleteOnExit();
        try (InputStream script = RtspTestServer.class.getResourceAsStream("rtsp_test_server.py")) {
            if (script == null) {
                throw new IOException("rtsp_test_server.py is missing from the test kit");
            }
            Files.copy(script, file, StandardCopyOption.REPLACE_EXISTING);
        }
        extracted = file;
        return file;
    }

    /** Runs the script's own {@code --check}, which imports GStreamer and looks up every element it uses. */
    private static String check() {
        if (!Files.isExecutable(PYTHON)) {
            return PYTHON + " (python3) is missing";
        }
        try {
            Process checking = new ProcessBuilder(PYTHON.toString(), extractScript().toString(), "--check")
                    .redirectErrorStream(true).start();
            checking.getOutputStream().close();
            String said = new String(checking.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!checking.waitFor(30, TimeUnit.SECONDS)) {
                checking.destroyForcibly();
                return "the RTSP test server's check did not finish within 30 s";
            }
            return checking.exitValue() == 0 ? ""
                    : "GStreamer's RTSP server cannot run here (" + lastLine(said) + "); install " + PACKAGES;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while checking for GStreamer's RTSP server";
        }
    }

    private static String lastLine(String text) {
        String[] lines = text.split("\\R");
        return lines[lines.length - 1];
    }
}
