package io.camstream.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Making bearer tokens and the digests an auth file keeps instead of them. */
public final class Tokens {

    /** 256 bits: far beyond guessing, and as strong as the SHA-256 the server keeps. */
    private static final int TOKEN_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A fresh random token: 43 URL-safe characters, safe in headers, files and shells. */
    public static String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of a token's UTF-8 bytes: what the auth file stores and what a presented token is compared by. */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** {@code sha256:} and the digest in lower-case hex: a token's key in an auth file. */
    public static String key(String token) {
        return AuthFile.TOKEN_PREFIX + HexFormat.of().formatHex(digest(token));
    }
}
