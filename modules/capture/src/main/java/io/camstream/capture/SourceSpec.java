package io.camstream.capture;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code --source} value: its scheme and what follows it. {@code camera:0?format=mjpg}
 * has scheme {@code camera} and target {@code 0?format=mjpg}; {@code pattern} alone has scheme
 * {@code pattern} and an empty target; {@code rtsp://host/x} has scheme {@code rtsp} and keeps the
 * whole text as the URL to open.
 *
 * <p>The text may hold secrets (a URL's password, a token in its query) that only the provider
 * opening it may see: everything else shows {@link #redacted()}, which {@link #toString()} also is,
 * and passes any other text about the source (a library's error message) through {@link #scrub}.
 *
 * @param text the value as given; never to be shown
 * @param scheme lower-case scheme
 * @param target everything after {@code scheme:}
 */
public record SourceSpec(String text, String scheme, String target) {

    private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)(?::(.*)|(\\?.*)?)",
            Pattern.DOTALL);

    public SourceSpec {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(target, "target");
    }

    /**
     * Parses a {@code --source} value.
     *
     * @throws IllegalArgumentException when it has no scheme
     */
    public static SourceSpec parse(String text) {
        Matcher matcher = SCHEME.matcher(text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + SourceSecrets.in(text).redacted() + "' is not a source;"
                    + " expected SCHEME:TARGET, e.g. camera:0 or file:clip.mp4");
        }
        String target = matcher.group(2) != null ? matcher.group(2) : Objects.requireNonNullElse(matcher.group(3), "");
        return new SourceSpec(text.strip(), matcher.group(1).toLowerCase(Locale.ROOT), target);
    }

    /** The target without its {@code ?key=value&...} parameters. */
    public String location() {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    /**
     * The {@code ?key=value&...} parameters of the target, keys lower case, in order. Only for kinds
     * whose targets are not URLs themselves (a URL's query belongs to the URL).
     *
     * @throws IllegalArgumentException on a parameter without a value
     */
    public Map<String, String> parameters() {
        int query = target.indexOf('?');
        Map<String, String> parameters = new LinkedHashMap<>();
        if (query < 0 || query == target.length() - 1) {
            return parameters;
        }
        for (String pair : target.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals <= 0 || equals == pair.length() - 1) {
                throw new IllegalArgumentException("source parameter '" + scrub(pair) + "' in '" + redacted()
                        + "' is not KEY=VALUE");
            }
            parameters.put(pair.substring(0, equals).toLowerCase(Locale.ROOT), pair.substring(equals + 1));
        }
        return parameters;
    }

    /**
     * The text as logs, messages and clients may see it: the password of a URL's user-info and the
     * values of secret-looking query parameters ({@code password}, {@code token}, {@code key},
     * {@code sig}, ... in any case) replaced by {@code ***}, e.g. {@code rtsp://admin:***@cam/live} or
     * {@code http://cam/video.mjpg?user=admin&password=***}. Text without secrets is returned as it is.
     */
    public String redacted() {
        return SourceSecrets.in(text).redacted();
    }

    /**
     * Any other text about this source (typically a library's error message, which may quote the URL
     * as given, percent-decoded or percent-encoded) with every secret of this spec masked.
     *
     * @return the message with its secrets masked; null for null
     */
    public String scrub(String message) {
        return SourceSecrets.in(text).scrub(message);
    }

    /**
     * A failure of this source that may be logged or shown: itself when neither its message nor any
     * of its causes' holds a secret of this spec, else a copy with all of them scrubbed (a
     * {@link SourceUnavailableException} or {@link EndOfSourceException} stays one).
     */
    public IOException scrub(IOException failure) {
        return ScrubbedFailures.scrub(failure, this::scrub);
    }

    /** As {@link #scrub(IOException)}; an {@link IllegalArgumentException} stays one. */
    public RuntimeException scrub(RuntimeException failure) {
        return ScrubbedFailures.scrub(failure, this::scrub);
    }

    /** The {@link #redacted()} text: specs end up in messages by string concatenation. */
    @Override
    public String toString() {
        return redacted();
    }
}
