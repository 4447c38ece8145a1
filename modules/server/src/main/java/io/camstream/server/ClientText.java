package io.camstream.server;

/**
 * Text a client sent, made fit to echo back in a status or to write in a log line. A client may send
 * a megabyte where a camera name belongs: echoed whole, it would cost the server a megabyte per
 * refusal, overflow the client's metadata limit (so the client sees RESOURCE_EXHAUSTED instead of
 * the real NOT_FOUND), and fill the logs.
 */
final class ClientText {

    /** The most characters of a client's value that are echoed; camera names are at most this long. */
    static final int MAX_ECHO = 64;
    /** The most characters of a status description built around client values (a backstop). */
    static final int MAX_DESCRIPTION = 1024;
    private static final String CUT = "…";

    private ClientText() {
    }

    /**
     * The value, cut to {@value #MAX_ECHO} characters plus "…" when longer, with control characters
     * (which could forge log lines) replaced by '?'. A camera or encoder name longer than that exists
     * on no server, so looking up the echoed form finds exactly what the full value would have.
     */
    static String echo(String value) {
        return printable(cut(value, MAX_ECHO));
    }

    /**
     * A status description cut to {@value #MAX_DESCRIPTION} characters plus "…": for descriptions
     * that others built around a client's value (the hub's refusals quote the camera name asked for).
     */
    static String description(String text) {
        return text == null ? null : printable(cut(text, MAX_DESCRIPTION));
    }

    private static String cut(String value, int max) {
        if (value.length() <= max) {
            return value;
        }
        // Never split a surrogate pair: half a character is not text.
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end) + CUT;
    }

    private static String printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                StringBuilder clean = new StringBuilder(value);
                for (int j = i; j < clean.length(); j++) {
                    if (Character.isISOControl(clean.charAt(j))) {
                        clean.setCharAt(j, '?');
                    }
                }
                return clean.toString();
            }
        }
        return value;
    }
}
