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
 * grab (and the supervisor reconnects) instead of hanging it. RTSP runs over TCP unless the URL
 * says otherwise with {@code ?rtsp_transport=udp} (see {@link RtspTransport}); a server refusing
 * the user name or password (401) is an "authentication failed" that names the URL redacted.
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
        return List.of("rtsp://HOST[:PORT]/PATH", "rtsp://HOST[:PORT]/PATH?rtsp_transport=udp",
                "http://HOST[:PORT]/PATH");
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
        RtspTransport transport = RtspTransport.of(spec);
        try {
            return FFmpegSource.open(transport.url(), spec.redacted(), options,
                    ffmpegOptions(spec.scheme(), transport.choice(), options), options.timeout());
        } catch (IOException e) {
            // Nothing of FFmpeg's own quotes the URL today, but a message that did would quote it whole.
            throw spec.scrub(e);
        }
    }

    /**
     * FFmpeg's options for a stream: every open and read bounded by the source timeout, RTSP
     * interleaved over its TCP connection unless the URL chose another transport.
     */
    static Map<String, String> ffmpegOptions(String scheme, String rtspTransport, SourceOptions options) {
        String micros = Long.toString(options.timeout().toNanos() / 1000);
        Map<String, String> ffmpeg = new LinkedHashMap<>();
        // rw_timeout bounds every protocol's reads and writes; timeout is the socket timeout of
        // rtsp (connect and I/O) and of http. Interruption bounds what these do not (RTP over UDP).
        ffmpeg.put("rw_timeout", micros);
        ffmpeg.put("timeout", micros);
        if (scheme.startsWith("rtsp")) {
            // TCP by default: no UDP ports to open through NATs and firewalls, no lost packets.
            ffmpeg.put("rtsp_transport", rtspTransport);
        }
        return ffmpeg;
    }
}
