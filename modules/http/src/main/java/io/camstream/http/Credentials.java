package io.camstream.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/** The token a request presents: {@code Authorization: Bearer TOKEN}, or HTTP Basic (for browsers and Prometheus). */
final class Credentials {

    private Credentials() {
    }

    /**
     * The token in an {@code Authorization} header: a bearer token, or Basic's password, or its user
     * name when the password is empty (so {@code curl -u TOKEN:} and a browser's prompt both work); null
     * when there is none or it is malformed.
     */
    static String token(String authorization) {
        if (authorization == null) {
            return null;
        }
        String value = authorization.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return null;
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).trim();
        if (scheme.equals("bearer")) {
            return credentials.isEmpty() ? null : credentials;
        }
        if (!scheme.equals("basic")) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        String password = colon < 0 ? "" : decoded.substring(colon + 1);
        String token = password.isEmpty() ? user : password;
        return token.isEmpty() ? null : token;
    }
}
