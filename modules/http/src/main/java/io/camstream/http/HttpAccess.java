package io.camstream.http;

/** Who may watch what over HTTP; the server's auth file plugs in here. */
public interface HttpAccess {

    /** Everyone may see everything (no auth file). */
    HttpAccess OPEN = new HttpAccess() {
        @Override
        public Verdict check(String token, String camera) {
            return Verdict.ALLOWED;
        }

        @Override
        public void onChange(Runnable recheck) {
            // Nothing ever changes: everything stays open.
        }
    };

    /**
     * @param token the token the request presented (Bearer, or HTTP Basic's password — or its user name
     *     when the password is empty), or null
     * @param camera the camera asked for, or "" for server-wide pages (/, /state, /metrics)
     */
    Verdict check(String token, String camera);

    /** Runs {@code recheck} whenever the rules change, so streams in progress can be checked again. */
    void onChange(Runnable recheck);

    /**
     * What {@link #check} decided.
     *
     * @param allowed whether the request may go on
     * @param authenticated whether the token was recognised (false: 401, asking for credentials; true
     *     but not allowed: 403)
     * @param reason why not, for the client (never the token itself); empty when allowed
     */
    record Verdict(boolean allowed, boolean authenticated, String reason) {

        public static final Verdict ALLOWED = new Verdict(true, true, "");

        public Verdict {
            java.util.Objects.requireNonNull(reason, "reason");
        }

        /** No token, or one nobody knows: 401, and the client should present credentials. */
        public static Verdict unauthenticated(String reason) {
            return new Verdict(false, false, reason);
        }

        /** A known token asking beyond what it may: 403. */
        public static Verdict forbidden(String reason) {
            return new Verdict(false, true, reason);
        }
    }
}
