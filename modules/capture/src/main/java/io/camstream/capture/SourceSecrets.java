package io.camstream.capture;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The secrets in a source's text: the password of a URL's user-info and the values of secret-looking
 * query parameters. The libraries that open a source (FFmpeg above all) quote its URL in their own
 * messages, as given, percent-decoded or percent-encoded, so {@link #scrub} masks a secret in any of
 * those forms, not just as it was typed.
 */
final class SourceSecrets {

    static final String MASK = "***";

    private static final Set<String> SECRET_KEYS = Set.of("password", "passwd", "pass", "pwd", "passphrase",
            "token", "access_token", "auth_token", "key", "apikey", "api_key", "secret", "client_secret", "auth",
            "sig", "signature");
    private static final List<String> SECRET_SUFFIXES = List.of("_password", "_token", "_secret", "_key", "_sig",
            "_signature");

    private final String text;
    private final List<Span> spans;

    private SourceSecrets(String text, List<Span> spans) {
        this.text = text;
        this.spans = spans;
    }

    /** Finds the secrets of any source text, a URL or not, well-formed or not. */
    static SourceSecrets in(String text) {
        List<Span> spans = new ArrayList<>();
        Span password = password(text);
        if (password != null) {
            spans.add(password);
        }
        spans.addAll(querySecrets(text, password != null ? password.end : 0));
        return new SourceSecrets(text, List.copyOf(spans));
    }

    /** The text with each secret replaced by {@value #MASK}. */
    String redacted() {
        StringBuilder shown = new StringBuilder(text.length());
        int from = 0;
        for (Span span : spans) {
            shown.append(text, from, span.start).append(MASK);
            from = span.end;
        }
        return shown.append(text, from, text.length()).toString();
    }

    /** The message with each secret masked wherever it occurs, in any mix of raw and percent-encoded characters. */
    String scrub(String message) {
        if (message == null || spans.isEmpty()) {
            return message;
        }
        // Longest first: where one secret contains another, the whole of it is masked.
        String anySecret = spans.stream().map(span -> decoded(text.substring(span.start, span.end)))
                .sorted(Comparator.comparingInt(String::length).reversed())
                .map(SourceSecrets::anyForm).collect(Collectors.joining("|"));
        return Pattern.compile(anySecret).matcher(message).replaceAll(Matcher.quoteReplacement(MASK));
    }

    /**
     * Where the password of {@code scheme://user:password@host} is. The user-info is the one
     * {@link URI} finds; text that URI rejects or reads without a host (a password with an unencoded
     * {@code @}, {@code /} or {@code ?}, which FFmpeg still takes; a value that is no source at all)
     * counts everything up to the last {@code @} as user-info: better to hide too much of a malformed
     * URL than to show a password.
     */
    private static Span password(String text) {
        int slashes = text.indexOf("://");
        if (slashes < 0) {
            return null;
        }
        int authority = slashes + 3;
        String userInfo;
        try {
            URI url = new URI(text);
            userInfo = url.getHost() != null ? url.getRawUserInfo()
                    : url.getRawAuthority() != null ? lastAtSign(text, authority) : null;
        } catch (URISyntaxException e) {
            userInfo = lastAtSign(text, authority);
        }
        if (userInfo == null) {
            return null;
        }
        int colon = userInfo.indexOf(':');
        return colon < 0 || colon == userInfo.length() - 1 ? null
                : new Span(authority + colon + 1, authority + userInfo.length());
    }

    private static String lastAtSign(String text, int authority) {
        int at = text.lastIndexOf('@');
        return at > authority ? text.substring(authority, at) : null;
    }

    /**
     * The values of secret-looking {@code key=value} pairs after the first {@code ?} (a fragment
     * counts as part of the last value: a {@code #} in a token must not end what is hidden).
     */
    private static List<Span> querySecrets(String text, int from) {
        int query = text.indexOf('?', from);
        if (query < 0) {
            return List.of();
        }
        List<Span> secrets = new ArrayList<>();
        int pair = query + 1;
        while (pair < text.length()) {
            int ampersand = text.indexOf('&', pair);
            int end = ampersand < 0 ? text.length() : ampersand;
            int equals = text.indexOf('=', pair);
            if (equals > pair && equals < end - 1 && isSecret(decoded(text.substring(pair, equals)))) {
                secrets.add(new Span(equals + 1, end));
            }
            pair = end + 1;
        }
        return secrets;
    }

    private static boolean isSecret(String key) {
        String normalized = key.toLowerCase(Locale.ROOT).replace('-', '_');
        return SECRET_KEYS.contains(normalized) || SECRET_SUFFIXES.stream().anyMatch(normalized::endsWith);
    }

    /** Percent-decoded; a {@code +} stays itself (it is a space only in forms), as does malformed text. */
    private static String decoded(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return raw;
        }
    }

    /** A regex matching the secret with each character as itself or percent-encoded (hex in either case). */
    private static String anyForm(String secret) {
        StringBuilder regex = new StringBuilder();
        secret.codePoints().forEach(c -> {
            String character = Character.toString(c);
            regex.append("(?:").append(Pattern.quote(character)).append('|');
            for (byte b : character.getBytes(StandardCharsets.UTF_8)) {
                regex.append('%').append(hexDigit((b >> 4) & 0xF)).append(hexDigit(b & 0xF));
            }
            if (c == ' ') {
                regex.append("|\\+");
            } else if (c == '+') {
                regex.append("| ");
            }
            regex.append(')');
        });
        return regex.toString();
    }

    private static String hexDigit(int value) {
        String upper = Integer.toHexString(value).toUpperCase(Locale.ROOT);
        return value < 10 ? upper : "[" + upper + upper.toLowerCase(Locale.ROOT) + "]";
    }

    /** Where one secret is in the text: from {@code start} (inclusive) to {@code end} (exclusive). */
    private record Span(int start, int end) {
    }
}
