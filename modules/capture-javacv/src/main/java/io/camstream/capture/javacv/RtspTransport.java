package io.camstream.capture.javacv;

import io.camstream.capture.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The lower transport of an RTSP stream, chosen in its URL as FFmpeg's own option is named:
 * {@code rtsp://cam/live?rtsp_transport=udp}. The parameter is camstream's, so it is taken out of
 * the URL sent to the camera. Without it RTSP runs interleaved over its TCP connection. Other
 * schemes keep their URL whole: an HTTP URL's query belongs to the camera.
 *
 * @param url what FFmpeg opens
 * @param choice FFmpeg's {@code rtsp_transport} value
 */
record RtspTransport(String url, String choice) {

    static final String PARAMETER = "rtsp_transport";
    private static final Set<String> CHOICES = Set.of("tcp", "udp", "udp_multicast", "http", "https");

    /** @throws IllegalArgumentException when the URL names a transport FFmpeg does not have */
    static RtspTransport of(SourceSpec spec) {
        String text = spec.text();
        int query = text.indexOf('?');
        if (!spec.scheme().startsWith("rtsp") || query < 0) {
            return new RtspTransport(text, "tcp");
        }
        int fragment = text.indexOf('#', query);
        String end = fragment < 0 ? "" : text.substring(fragment);
        String parameters = text.substring(query + 1, fragment < 0 ? text.length() : fragment);
        String choice = "tcp";
        List<String> kept = new ArrayList<>();
        for (String parameter : parameters.split("&", -1)) {
            int equals = parameter.indexOf('=');
            String key = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!key.equalsIgnoreCase(PARAMETER)) {
                kept.add(parameter);
                continue;
            }
            choice = equals < 0 ? "" : parameter.substring(equals + 1).toLowerCase(Locale.ROOT);
            if (!CHOICES.contains(choice)) {
                throw new IllegalArgumentException("'" + spec.redacted() + "': " + PARAMETER + " must be one of "
                        + String.join(", ", CHOICES.stream().sorted().toList()) + ", got '" + spec.scrub(choice) + "'");
            }
        }
        String base = text.substring(0, query);
        String url = kept.isEmpty() ? base + end : base + "?" + String.join("&", kept) + end;
        return new RtspTransport(url, choice);
    }
}
