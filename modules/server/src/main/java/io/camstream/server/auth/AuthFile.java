package io.camstream.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who may do what: one entry per line, a key, a name, a role and optionally the cameras it may touch.
 *
 * <pre>
 * # KEY                                                                    NAME     ROLE     [CAMERAS]
 * sha256:6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b  alice    view     front,back
 * sha256:d4735e3a265e16eee03f59718b9b5d03019c07d8b6c51f90da3a666eec13ab35  doorbell publish  door
 * cert:ops.example.org                                                     ops      admin
 * </pre>
 *
 * A {@code sha256:} key is the SHA-256 of a bearer token (never the token itself, so a leaked file
 * gives no access); a {@code cert:} key is a client certificate's common name or one of its subject
 * alternative names, for mutual TLS. No cameras (or {@code *}) means every camera; {@code admin}
 * always reaches every camera. Blank lines and lines starting with {@code #} are ignored.
 */
public final class AuthFile {

    /** How a token's digest starts in the file. */
    public static final String TOKEN_PREFIX = "sha256:";
    /** How a certificate identity starts in the file. */
    public static final String CERTIFICATE_PREFIX = "cert:";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
    private static final Pattern CAMERA = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DIGEST = Pattern.compile("[0-9a-fA-F]{64}");

    private record TokenEntry(byte[] digest, Caller caller) {
    }

    private record CertificateEntry(String identity, Caller caller) {
    }

    private final List<TokenEntry> tokens;
    private final List<CertificateEntry> certificates;

    private AuthFile(List<TokenEntry> tokens, List<CertificateEntry> certificates) {
        this.tokens = List.copyOf(tokens);
        this.certificates = List.copyOf(certificates);
    }

    /**
     * Reads an auth file.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException naming the file, the line and what is wrong with it (never the line itself,
     *     which may hold a token pasted by mistake)
     */
    public static AuthFile read(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the lines of an auth file; {@code source} names it in errors. */
    public static AuthFile parse(List<String> lines, String source) {
        List<TokenEntry> tokens = new ArrayList<>();
        List<CertificateEntry> certificates = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = source + " line " + (i + 1) + ": ";
            String[] fields = line.split("\\s+");
            if (fields.length < 3 || fields.length > 4) {
                throw new IllegalArgumentException(where + "expected KEY NAME ROLE [CAMERAS], got "
                        + fields.length + " fields");
            }
            Caller caller = caller(fields, where);
            String key = fields[0];
            if (!keys.add(key.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException(where + "the same key as an earlier line (entry '"
                        + caller.name() + "')");
            }
            if (key.startsWith(TOKEN_PREFIX)) {
                String hex = key.substring(TOKEN_PREFIX.length());
                if (!DIGEST.matcher(hex).matches()) {
                    throw new IllegalArgumentException(where + "a sha256: key is 64 hex digits; if this is the "
                            + "token itself, only its digest belongs here: make the line with `camstream token`");
                }
                tokens.add(new TokenEntry(HexFormat.of().parseHex(hex), caller));
            } else if (key.startsWith(CERTIFICATE_PREFIX) && key.length() > CERTIFICATE_PREFIX.length()) {
                certificates.add(new CertificateEntry(key.substring(CERTIFICATE_PREFIX.length()), caller));
            } else {
                throw new IllegalArgumentException(where + "the key must start with '" + TOKEN_PREFIX
                        + "' (a token's digest) or '" + CERTIFICATE_PREFIX + "' (a client certificate's name); "
                        + "if it is a token, only its digest belongs here: make the line with `camstream token`");
            }
        }
        return new AuthFile(tokens, certificates);
    }

    private static Caller caller(String[] fields, String where) {
        String name = fields[1];
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(where + "the name must be 1-64 letters, digits, '.', '_', '@' or '-'");
        }
        Role role;
        try {
            role = Role.parse(fields[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage(), e);
        }
        Set<String> cameras = fields.length == 4 ? cameras(fields[3], where) : Set.of();
        if (role == Role.ADMIN && !cameras.isEmpty()) {
            throw new IllegalArgumentException(where + "admin reaches every camera; drop the camera list, "
                    + "or give the role publish or view");
        }
        return new Caller(name, role, cameras);
    }

    private static Set<String> cameras(String list, String where) {
        if (list.equals("*")) {
            return Set.of();
        }
        Set<String> cameras = new LinkedHashSet<>();
        for (String camera : list.split(",", -1)) {
            if (!CAMERA.matcher(camera).matches()) {
                throw new IllegalArgumentException(where + "cameras are a comma-separated list of names "
                        + "(1-64 letters, digits, '.', '_' or '-'), or * for all");
            }
            cameras.add(camera);
        }
        return cameras;
    }

    /**
     * The caller a bearer token belongs to. Every entry is compared, in constant time, whether or not
     * an earlier one matched: how long this takes says nothing about how close a guess was.
     */
    public Optional<Caller> byToken(String token) {
        return byDigest(Tokens.digest(token));
    }

    /** Like {@link #byToken}, given the token's SHA-256 (what a server keeps of a token it admitted). */
    public Optional<Caller> byDigest(byte[] presented) {
        Caller found = null;
        for (TokenEntry entry : tokens) {
            if (MessageDigest.isEqual(entry.digest(), presented) && found == null) {
                found = entry.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The caller of the first {@code cert:} entry whose identity is one of a client certificate's names. */
    public Optional<Caller> byCertificate(Collection<String> identities) {
        for (CertificateEntry entry : certificates) {
            if (identities.contains(entry.identity())) {
                return Optional.of(entry.caller());
            }
        }
        return Optional.empty();
    }

    /** How many entries the file has. */
    public int size() {
        return tokens.size() + certificates.size();
    }

    /**
     * The auth-file line for a token: its digest, never the token.
     *
     * @throws IllegalArgumentException for a name or camera the file could not hold, or admin with cameras
     */
    public static String line(String token, String name, Role role, Collection<String> cameras) {
        String key = Tokens.key(token);
        String[] fields = cameras.isEmpty() ? new String[] {key, name, role.label()}
                : new String[] {key, name, role.label(), String.join(",", cameras)};
        caller(fields, "");
        return String.join("  ", fields);
    }
}
