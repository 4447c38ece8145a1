package io.camstream.cli;

import io.camstream.http.HttpAccess;
import io.camstream.server.CamstreamServer;
import io.camstream.server.auth.Caller;
import io.camstream.server.auth.Role;
import java.util.Optional;

/**
 * The HTTP face admits whom the gRPC side admits: the same auth file, read through the server, so a
 * token works in a browser (HTTP Basic, the token as the password) and in Prometheus's scrape config as
 * it does in {@code camstream view}, and a reload that revokes it ends its HTTP streams too.
 */
final class HttpAccessControl implements HttpAccess {

    private final CamstreamServer server;

    HttpAccessControl(CamstreamServer server) {
        this.server = server;
    }

    @Override
    public Verdict check(String token, String camera) {
        if (!server.authRequired()) {
            return Verdict.ALLOWED;
        }
        if (token == null) {
            return Verdict.unauthenticated("this server needs a token: log in with any user name and the token as "
                    + "the password, or send 'Authorization: Bearer TOKEN'");
        }
        Optional<Caller> caller = server.callerByToken(token);
        if (caller.isEmpty()) {
            return Verdict.unauthenticated("this token is not in the server's auth file (mistyped, revoked, or for "
                    + "another server)");
        }
        if (camera.isEmpty() || caller.get().may(Role.VIEW, camera)) {
            return Verdict.ALLOWED;
        }
        String reach = caller.get().cameras().isEmpty() ? ""
                : "; it reaches " + String.join(", ", caller.get().cameras());
        return Verdict.forbidden(caller.get().describe() + " may not view camera '" + camera + "'" + reach);
    }

    @Override
    public void onChange(Runnable recheck) {
        server.onAccessChange(recheck);
    }
}
