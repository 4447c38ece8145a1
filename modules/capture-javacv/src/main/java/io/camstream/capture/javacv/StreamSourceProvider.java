package io.camstream.capture.javacv;

import io.camstream.capture.FrameSource;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rtsp://}, {@code rtsps://}, {@code http://}, {@code https://}: IP cameras and streams read
 * by FFmpeg. Opening and every read are bounded by the source timeout, so a dead camera fails a
 * grab (and the supervisor reconnects) instead of hanging it.
 */
public final class StreamSourceProvider implements SourceProvider {

    @Override
    public String name() {
        return "stream";
    }

    @Override
    public List<String> schemes() {
        return List.of("rtsp", "rtsps", "http", "https");
    }

    @Override
    public List<String> forms() {
        return List.of("rtsp://HOST[:PORT]/PATH[?rtsp_transport=udp]", "http://HOST[:PORT]/PATH");
    }

    @Override
    public String description() {
        return "network stream read by FFmpeg (RTSP camera, MJPEG or video over HTTP), with open/read timeouts";
    }

    @Override
    public Availability availability() {
        return JavacvNatives.ffmpeg();
    }

    @Override
    public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException {
        URI url;
        try {
            url = new URI(spec.text());
        } catch (URISyntaxException e) {
            // The JDK's message quotes the whole input.
            throw new IllegalArgumentException("'" + spec.redacted() + "' is not a URL: "
                    + spec.scrub(e.getMessage()));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("'" + spec.redacted() + "' has no host; expected e.g. "
                    + forms().get(0));
        }
        String location = spec.text();
        Map<String, String> ffmpeg = ffmpegOptions(options);
        if (spec.scheme().startsWith("rtsp")) {
            RtspTransport transport = RtspTransport.of(spec);
            location = transport.url();
            ffmpeg.put(RtspTransport.PARAMETER, transport.transport());
        }
        try {
            return FFmpegSource.open(location, spec.redacted(), options, ffmpeg);
        } catch (IOException e) {
            // FFmpeg's own message quotes the URL it could not open, password and all.
            throw spec.scrub(e);
        }
    }

    /** The options of every stream; RTSP's transport is added from its URL (see {@link RtspTransport}). */
    static Map<String, String> ffmpegOptions(SourceOptions options) {
        String micros = Long.toString(options.timeout().toNanos() / 1000);
        Map<String, String> ffmpeg = new LinkedHashMap<>();
        // rw_timeout bounds every protocol's reads and writes; timeout is the socket timeout of
        // rtsp (listen/connect and I/O) and of http.
        ffmpeg.put("rw_timeout", micros);
        ffmpeg.put("timeout", micros);
        return ffmpeg;
    }
}
