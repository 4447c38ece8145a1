package io.camstream.server;

import io.camstream.server.auth.AuthFile;
import io.camstream.server.auth.Caller;
import io.camstream.server.auth.Role;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One admitted call that watches or feeds a camera, kept while it lasts so that an auth-file change
 * can end it: a revoked token, or one whose role or cameras no longer cover the camera, stops
 * streaming within one reload instead of watching on until it disconnects.
 *
 * <p>It remembers how the caller proved who it is (the token's digest, never the token, or the
 * client certificate's names), so the new file can be asked again.
 */
final class Grant {

    private final byte[] tokenDigest;
    private final List<String> certificateNames;
    private final Role needed;
    private volatile String camera;
    private volatile Consumer<Status> ender;
    private volatile Status revoked;

    Grant(byte[] tokenDigest, List<String> certificateNames, Role needed, String camera) {
        this.tokenDigest = tokenDigest;
        this.certificateNames = List.copyOf(certificateNames);
        this.needed = needed;
        this.camera = camera;
    }

    /** The camera the call's first message named, once the access check has seen it. */
    void camera(String named) {
        this.camera = named;
    }

    /**
     * How the service ends this call (on its own thread, as gRPC requires). A call revoked before
     * the service got this far is ended at once.
     */
    void onRevoke(Consumer<Status> end) {
        this.ender = end;
        Status already = revoked;
        if (already != null) {
            end.accept(already);
        }
    }

    /** Ends the call if {@code file} no longer admits its caller to its camera. */
    void recheck(AuthFile file) {
        String watched = camera;
        if (watched == null || revoked != null) {
            return;
        }
        Optional<Caller> now = tokenDigest != null ? file.byDigest(tokenDigest) : file.byCertificate(certificateNames);
        if (now.isEmpty()) {
            revoke(Status.UNAUTHENTICATED.withDescription("access was revoked: the server's auth file no longer "
                    + "has this " + (tokenDigest != null ? "token" : "certificate")));
        } else if (!now.get().may(needed, watched)) {
            revoke(AccessControl.denied(now.get(), needed, watched));
        }
    }

    private void revoke(Status status) {
        revoked = status;
        Consumer<Status> end = ender;
        if (end != null) {
            end.accept(status);
        }
    }
}
