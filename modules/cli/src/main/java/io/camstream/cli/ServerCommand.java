package io.camstream.cli;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.SupervisedSource;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.http.CamstreamHttp;
import io.camstream.metrics.CamstreamMetrics;
import io.camstream.nats.NatsOrigin;
import io.camstream.server.CamstreamServer;
import io.camstream.server.LegacyPayload;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code camstream server}: capture from one or more sources and serve them until interrupted. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = "Capture from a source and serve it over gRPC (camstream.v1 and the original MainServer) "
                + "and HTTP (a live page, MJPEG, snapshots, metrics) until stopped. Listens on this machine only "
                + "unless --bind says otherwise.")
final class ServerCommand implements Callable<Integer> {

    /**
     * How long the server waits for its sources before listening: a source that cannot work (no such file
     * or device) says so within milliseconds, one still opening after this starts with NO SIGNAL.
     */
    static final Duration VERDICT_WAIT = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Option(names = "--source", paramLabel = "[NAME=]SOURCE", defaultValue = "pattern",
            description = "A camera and where its frames come from; repeat for several cameras "
                    + "(the first is the default). "
                    + "SOURCE: pattern (a moving test picture), camera:0, camera:/dev/video2, file:PATH, rtsp://..., "
                    + "http://..., grpc://HOST:PORT[/CAMERA] (relay another camstream server; "
                    + "grpcs://HOST:PORT[/CAMERA][?ca=FILE&cert=FILE&key=FILE&token-file=FILE] over TLS; "
                    + "see `camstream sources`), nats://HOST:PORT[,HOST:PORT…]/CAMERA (a camera an origin "
                    + "publishes to NATS: this server is then an edge), "
                    + "or publish (frames pushed by `camstream publish`). Default: ${DEFAULT-VALUE}.")
    List<String> sources;

    @Option(names = "--once", description = "Stop the server at the end of a file source instead of looping it.")
    boolean once;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "640x480", converter = FrameSize.FrameConverter.class,
            description = "Frame size, from 160x120 to 7680x4320 (files and streams keep their own unless given). "
                    + "Default: ${DEFAULT-VALUE}.")
    FrameSize size;

    @Option(names = "--fps", defaultValue = "30", converter = NumberConverters.FramesPerSecond.class,
            description = "Frames per second, more than 0 and at most 1000 (files play at their own rate unless "
                    + "given). Default: ${DEFAULT-VALUE}.")
    double fps;

    @Option(names = "--encoder", paramLabel = "NAME",
            description = "Default encoder plugin (see `camstream encoders`). Default: the best available.")
    String encoder;

    @Option(names = "--quality", defaultValue = "" + EncoderOptions.DEFAULT_QUALITY,
            description = "Default JPEG quality, 1-100. Default: ${DEFAULT-VALUE}.")
    int quality;

    @Option(names = "--color",
            description = "Send colour by default instead of grayscale (legacy clients always get gray).")
    boolean color;

    @Option(names = "--port", defaultValue = "" + CamstreamServer.DEFAULT_PORT,
            description = "TCP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on; 0.0.0.0 for every interface (share it on the network: "
                    + "see --tls-cert and --auth-file). Default: ${DEFAULT-VALUE} (this machine only).")
    String bind;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "Encrypt with TLS: this certificate (PEM, with any intermediates after it). "
                    + "Re-read when it changes, so renewals need no restart. Needs --tls-key.")
    Path tlsCertificate;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "The certificate's private key (PEM, unencrypted PKCS#8 'BEGIN PRIVATE KEY'; RSA or EC).")
    Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "FILE",
            description = "Mutual TLS: refuse clients without a certificate from this CA (PEM). Needs --tls-cert.")
    Path clientCa;

    @Option(names = "--auth-file", paramLabel = "FILE",
            description = "Require a token (or a client certificate) listed in this file, with a role: view, publish "
                    + "or admin, optionally per camera. Make entries with `camstream token`. "
                    + "Re-read when it changes. Health checks stay open.")
    Path authFile;

    @Option(names = "--legacy-open",
            description = "With --auth-file, let the original sample's MainServer protocol (which cannot send a "
                    + "token) watch the first camera anyway.")
    boolean legacyOpen;

    @Option(names = "--legacy-payload", paramLabel = "base64|jpeg", defaultValue = "base64",
            description = "What the original sample's MainServer replies carry: base64 (the blog post's Client.py, "
                    + "one reply per request) or jpeg (the sample repository's later Client.py: raw JPEG bytes, "
                    + "streamed after one request). Default: ${DEFAULT-VALUE}.")
    LegacyPayload legacyPayload;

    @Option(names = "--no-passthrough",
            description = "Encode every frame with --encoder and --quality, even those a camera or publisher "
                    + "delivered as JPEGs that a viewer could get unchanged (see README, MJPEG passthrough).")
    boolean noPassthrough;

    @Option(names = "--max-subscribers", paramLabel = "N", defaultValue = "200",
            description = "Most concurrent streams; more get RESOURCE_EXHAUSTED. 0 for no limit. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxSubscribers;

    @Option(names = "--keepalive", paramLabel = "SECONDS", defaultValue = "30",
            description = "Ping idle connections this often to find vanished clients. Default: ${DEFAULT-VALUE}.")
    int keepAliveSeconds;

    @Mixin
    ServerLimitOptions limits = new ServerLimitOptions();

    @Mixin
    HttpOptions http = new HttpOptions();

    @Mixin
    NatsOptions nats = new NatsOptions();

    @Override
    public Integer call() throws IOException, InterruptedException {
        validate();
        EncoderOptions options = options();
        Encoders encoders = Encoders.discover();
        String encoderName = encoderName(encoders);
        CamstreamMetrics metrics = new CamstreamMetrics();
        CamstreamServer.Builder builder = CamstreamServer.builder().encoders(encoders).encoder(encoderName)
                .options(options).bind(bind).port(port).maxSubscribers(maxSubscribers)
                .keepAlive(Duration.ofSeconds(keepAliveSeconds)).legacyOpen(legacyOpen)
                .legacyPayload(legacyPayload).passthrough(!noPassthrough)
                .encodeObserver(metrics).callObserver(metrics::callEnded);
        limits.applyTo(builder);
        if (tlsCertificate != null) {
            builder.tls(tlsCertificate, tlsKey);
        }
        if (clientCa != null) {
            builder.clientCa(clientCa);
        }
        if (authFile != null) {
            builder.authFile(authFile);
        }
        Map<String, SupervisedSource> opened = new LinkedHashMap<>();
        CamstreamServer server;
        Optional<CamstreamHttp> web;
        Optional<NatsOrigin> origin;
        try {
            addCameras(builder, opened);
            server = builder.start();
            metrics.bind(server.hub());
            web = startHttp(server, metrics);
            origin = startNats(server, web);
        } catch (SourceUnavailableException e) {
            opened.values().forEach(FrameSource::close);
            spec.commandLine().getErr().println("camstream server: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            opened.values().forEach(FrameSource::close);
            spec.commandLine().getErr().println("camstream server: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            // A certificate, key or auth file that does not load: the message names the file and the fix.
            opened.values().forEach(FrameSource::close);
            spec.commandLine().getErr().println("camstream server: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            opened.values().forEach(FrameSource::close);
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            origin.ifPresent(NatsOrigin::close);
            web.ifPresent(CamstreamHttp::close);
            server.close();
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "camstream-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        for (var camera : opened.entrySet()) {
            camera.getValue().onEnd(() -> {
                out.println("camstream server: the source ended (--once); stopping (camera " + camera.getKey() + ")");
                out.flush();
                stop.run();
            });
        }
        server.cameras().forEach((name, camera) -> out.printf(Locale.ROOT, "camera %s: %s%s%n", name,
                camera.description(),
                camera.width() == 0 ? ""
                        : String.format(Locale.ROOT, " %dx%d at %.4g fps",
                                camera.width(), camera.height(), camera.fps())));
        SourceInfo info = server.sourceInfo();
        out.printf(Locale.ROOT,
                "camstream server: %s %dx%d at %.4g fps, encoder %s (quality %d, %s), listening on %s:%d %s%n",
                info.description(), info.width(), info.height(), info.fps(), server.defaultEncoder(),
                options.quality(), options.color().name().toLowerCase(Locale.ROOT), bind, server.port(),
                loopback() ? "(this machine only; --bind 0.0.0.0 to share)"
                        : wildcard() ? "(every interface)" : "(this address only)");
        web.ifPresent(face -> out.println("camstream server: HTTP on " + (server.tls() ? "https" : "http") + "://"
                + displayHost() + ":" + face.port() + "/ (live page; /stream, /snapshot, /state, /metrics, "
                + "/healthz, /readyz)"));
        origin.ifPresent(o -> out.println("camstream server: publishing to NATS " + nats.shownServers()
                + " on camstream.CAMERA.frames (" + String.join(", ", server.cameras().keySet()) + ")"));
        server.securitySummary().forEach(line -> out.println("camstream server: " + line));
        if (legacyPayload == LegacyPayload.JPEG) {
            out.println("camstream server: the original sample's MainServer streams raw JPEG bytes (--legacy-payload "
                    + "jpeg: the sample repository's later Client.py)");
        }
        exposureWarning(bind + ":" + server.port(), loopback(), server.tls(), server.authRequired(), server.mutualTls())
                .ifPresent(line -> out.println("camstream server: WARNING: " + line));
        out.println("watch it with: ./camstream view --headless --target " + displayHost() + ":" + server.port()
                + (server.tls() ? " --tls --ca CA_FILE" : "") + (server.authRequired() ? " --token-file FILE" : ""));
        out.flush();
        stopped.await();
        return 0;
    }

    /** The NATS origin, or nothing without --nats; a camera it cannot publish stops the server it came with. */
    private Optional<NatsOrigin> startNats(CamstreamServer server, Optional<CamstreamHttp> web)
            throws IOException, InterruptedException {
        try {
            return nats.start(server.hub());
        } catch (IOException | RuntimeException e) {
            web.ifPresent(CamstreamHttp::close);
            server.close();
            throw e;
        }
    }

    /** The HTTP face, or nothing with --no-http; a port it cannot listen on stops the server it came with. */
    private Optional<CamstreamHttp> startHttp(CamstreamServer server, CamstreamMetrics metrics) throws IOException {
        try {
            return http.start(server, bind, metrics);
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * On a network, without encryption or without access control: one line saying what is exposed and
     * how to close it; nothing on a loopback address.
     */
    static Optional<String> exposureWarning(String address, boolean loopback, boolean tls, boolean auth,
            boolean mutualTls) {
        if (loopback || (tls && (auth || mutualTls))) {
            return Optional.empty();
        }
        if (!tls && !auth) {
            return Optional.of("anyone who can reach " + address + " can watch every camera and publish into any "
                    + "publish camera, unencrypted; add --auth-file (tokens from `camstream token`) and "
                    + "--tls-cert/--tls-key, or --bind 127.0.0.1");
        }
        if (!tls) {
            return Optional.of("tokens and frames cross the network unencrypted on " + address + "; anyone on the "
                    + "path can read and reuse them: add --tls-cert and --tls-key");
        }
        return Optional.of("anyone who can reach " + address + " can watch every camera and publish into any "
                + "publish camera (encrypted, but without access control): add --auth-file, or --client-ca");
    }

    private boolean wildcard() {
        try {
            return InetAddress.getByName(bind).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean loopback() {
        try {
            return InetAddress.getByName(bind).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void validate() {
        if ((tlsCertificate == null) != (tlsKey == null)) {
            throw new ParameterException(spec.commandLine(), "--tls-cert and --tls-key go together: the certificate "
                    + "and its private key");
        }
        if (clientCa != null && tlsCertificate == null) {
            throw new ParameterException(spec.commandLine(), "--client-ca (mutual TLS) needs --tls-cert and --tls-key");
        }
        if (legacyOpen && authFile == null) {
            throw new ParameterException(spec.commandLine(), "--legacy-open only means something with --auth-file "
                    + "(without one, every protocol is open)");
        }
        for (Path file : new Path[] {tlsCertificate, tlsKey, clientCa, authFile}) {
            if (file != null && !Files.isReadable(file)) {
                throw new ParameterException(spec.commandLine(), "cannot read " + file
                        + (Files.exists(file) ? " (permissions)" : " (no such file)"));
            }
        }
        requireLocalAddress();
        http.validate();
        nats.validate();
        nats.refuseFeedback(sources.stream().map(CameraSpec::parse).toList());
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be in 0..65535, got " + port);
        }
        if (maxSubscribers < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--max-subscribers must not be negative, got " + maxSubscribers);
        }
        if (keepAliveSeconds < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--keepalive must be at least 1 second, got " + keepAliveSeconds);
        }
    }

    /** A --bind that names no address of this machine is a typing mistake, not a network failure. */
    private void requireLocalAddress() {
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--bind: no such address '" + bind
                    + "'; give an address of this machine, such as 127.0.0.1, or 0.0.0.0 for every interface");
        }
        try {
            if (!address.isAnyLocalAddress() && !address.isLoopbackAddress()
                    && NetworkInterface.getByInetAddress(address) == null) {
                throw new ParameterException(spec.commandLine(), "--bind: " + bind + " is not an address of this "
                        + "machine; give one of its own, such as 127.0.0.1, or 0.0.0.0 for every interface");
            }
        } catch (SocketException e) {
            // The interfaces cannot be listed: listening will tell.
        }
    }

    private EncoderOptions options() {
        try {
            return new EncoderOptions(quality, color ? ColorMode.COLOR : ColorMode.GRAY);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--quality: " + e.getMessage());
        }
    }

    private String encoderName(Encoders encoders) {
        try {
            return encoder == null ? encoders.best().name() : encoders.require(encoder).name();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "--encoder: " + e.getMessage());
        }
    }

    /**
     * Opens every {@code --source}, all at once and in the background, supervised; {@code publish} cameras
     * wait for a publisher instead. Waits for the sources only up to {@link #VERDICT_WAIT}: enough to
     * refuse one that can never work, never long enough for one that does not answer to delay listening.
     */
    private void addCameras(CamstreamServer.Builder builder, Map<String, SupervisedSource> opened)
            throws IOException, InterruptedException {
        var given = spec.commandLine().getParseResult();
        SourceOptions sourceOptions = ServerSource.options(size, given.hasMatchedOption("--size"), fps,
                given.hasMatchedOption("--fps"), once);
        // In --source order, the first being the default camera; a publish camera has no source to open.
        List<CameraSpec> cameras = sources.stream().map(CameraSpec::parse).toList();
        List<ServerSource> opening = new ArrayList<>();
        try {
            for (CameraSpec camera : cameras) {
                opening.add(camera.source().equals("publish") ? null
                        : ServerSource.begin(camera.source(), sourceOptions));
            }
            long deadline = System.nanoTime() + VERDICT_WAIT.toNanos();
            for (ServerSource source : opening) {
                if (source != null) {
                    source.verdict(deadline);
                }
            }
            for (int i = 0; i < cameras.size(); i++) {
                String name = cameras.get(i).name();
                if (opening.get(i) == null) {
                    builder.publishedCamera(name);
                } else {
                    SupervisedSource source = opening.get(i).supervise(VERDICT_WAIT);
                    opened.put(name, source);
                    builder.camera(name, source);
                }
            }
        } catch (IllegalArgumentException e) {
            opening.stream().filter(Objects::nonNull).forEach(ServerSource::abandon);
            throw new ParameterException(spec.commandLine(), "--source: " + e.getMessage());
        } catch (IOException | InterruptedException | RuntimeException e) {
            opening.stream().filter(Objects::nonNull).forEach(ServerSource::abandon);
            throw e;
        }
    }

    private String displayHost() {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }
}
