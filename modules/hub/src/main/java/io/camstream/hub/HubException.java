package io.camstream.hub;

/**
 * Why the hub refused a request or ended a subscription, in the hub's own words; each adapter maps
 * the {@link Reason} to its protocol's status (gRPC's NOT_FOUND, HTTP's 404, ...).
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as a client is concerned. */
    public enum Reason {
        /** No camera has that name. */
        NO_SUCH_CAMERA,
        /** The hub already has its maximum number of subscribers. */
        FULL,
        /** The camera has a source of its own and takes no published frames. */
        NOT_PUBLISHABLE,
        /** Somebody else is already publishing to that camera. */
        ALREADY_PUBLISHING,
        /** The camera has not delivered its first frame yet. */
        NO_FRAME_YET,
        /** The hub is closing; come back later. */
        SHUTTING_DOWN,
        /** A published picture has more pixels than the hub's budget allows (a decompression bomb, or a mistake). */
        PICTURE_TOO_LARGE,
        /** A publisher sent no usable frame for too long and lost its claim on the camera, so another may publish. */
        CLAIM_EXPIRED,
        /** The camera already encodes its frames in as many different ways as it may; ask for one of those. */
        TOO_MANY_VARIANTS
    }

    private final Reason reason;

    public HubException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    static HubException shuttingDown() {
        return new HubException(Reason.SHUTTING_DOWN, "camstream server is shutting down");
    }
}
