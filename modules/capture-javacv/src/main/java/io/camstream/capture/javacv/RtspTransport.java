package io.camstream.capture.javacv;

import io.camstream.capture.SourceSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How an RTSP stream travels, chosen with {@code ?rtsp_transport=udp} on its URL (FFmpeg's option of
 * that name). The parameter is camstream's, so it is taken off the URL before the camera sees it.
 * TCP (RTP interleaved in the RTSP connection) unless given: it passes NATs and firewalls and loses
 * nothing; UDP loses packets rather than falling behind, and some cameras offer nothing else.
 *
 * @param url the URL to open, without the parameter
 * @param transport FFmpeg's {@code rtsp_transport} value
 */
record RtspTransport(String url, String transport) {

    static final String PARAMETER = "rtsp_transport";
    static final List<String> VALUES = List.of("tcp", "udp", "udp_multicast", "http", "https");

    /**
     * Reads and removes the parameter of an {@code rtsp://} or {@code rtsps://} URL.
     *
     * @throws IllegalArgumentException when its value is not one of {@link #VALUES}
     */
    static RtspTransport of(SourceSpec spec) {
        String text = spec.text();
        int query = text.indexOf('?');
        if (query < 0) {
            return new RtspTransport(text, "tcp");
        }
        int fragment = text.indexOf('#', query);
        int end = fragment < 0 ? text.length() : fragment;
        String transport = "tcp";
        List<String> kept = new ArrayList<>();
        for (String pair : text.substring(query + 1, end).split("&", -1)) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (!key.equalsIgnoreCase(PARAMETER)) {
                kept.add(pair);
                continue;
            }
            transport = pair.substring(equals + 1).toLowerCase(Locale.ROOT);
            if (equals < 0 || !VALUES.contains(transport)) {
                throw new IllegalArgumentException(PARAMETER + " in '" + spec.redacted() + "' must be one of "
                        + String.join(", ", VALUES) + ", got '" + spec.scrub(pair) + "'");
            }
        }
        String url = text.substring(0, query) + (kept.isEmpty() ? "" : "?" + String.join("&", kept))
                + text.substring(end);
        return new RtspTransport(url, transport);
    }
}
