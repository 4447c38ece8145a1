package io.camstream.cli;

import io.camstream.client.CamstreamClient;
import io.grpc.Status;

/**
 * Why {@code camstream publish} stopped when the hub refused or ended its stream: one line for a person, and an
 * exit status per reason for a script (a supervisor may retry at once after a lost claim, but not for a camera
 * that does not exist).
 *
 * @param exitStatus the command's exit status (see the constants)
 * @param line what the command prints, without its name
 */
record PublishRefusal(int exitStatus, String line) {

    /** Anything else: a connection that broke for another reason, a hub fault. */
    static final int OTHER = 1;
    /** NOT_FOUND: the hub has no camera of that name. */
    static final int NO_SUCH_CAMERA = 3;
    /** UNAUTHENTICATED or PERMISSION_DENIED: the token or certificate does not allow publishing to it. */
    static final int NOT_ALLOWED = 4;
    /** FAILED_PRECONDITION or ALREADY_EXISTS: another publisher holds the camera, or it has a source of its own. */
    static final int CAMERA_TAKEN = 5;
    /** DEADLINE_EXCEEDED: no usable frame reached the hub within its claim timeout; the camera was released. */
    static final int CLAIM_EXPIRED = 6;
    /** INVALID_ARGUMENT: the hub refused a frame (a picture larger than its pixel budget). */
    static final int FRAME_REFUSED = 7;
    /** UNAVAILABLE: the hub cannot be reached, or it is shutting down. */
    static final int HUB_UNAVAILABLE = 8;

    /**
     * The refusal for a call of {@code client} that ended with {@code status}. A failure caused by how the client
     * connects (TLS, the token) gets {@link ClientOptions#explain}'s line naming the fix.
     */
    static PublishRefusal of(Status status, CamstreamClient client, String target, String camera) {
        String detail = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        String explained = ClientOptions.explain(client, target, status).orElse(null);
        return switch (status.getCode()) {
            case NOT_FOUND -> new PublishRefusal(NO_SUCH_CAMERA, target + " has no camera '" + camera + "' to publish "
                    + "to; declare it there with `camstream server --source " + camera + "=publish` (" + detail + ")");
            case UNAUTHENTICATED, PERMISSION_DENIED -> new PublishRefusal(NOT_ALLOWED, explained != null ? explained
                    : target + " does not let this client publish to '" + camera + "' (" + detail + ")");
            case FAILED_PRECONDITION, ALREADY_EXISTS -> new PublishRefusal(CAMERA_TAKEN, target + " refused camera '"
                    + camera + "': " + descriptionOr(status, "it is not free to publish to") + " (" + status.getCode()
                    + ")");
            case DEADLINE_EXCEEDED -> new PublishRefusal(CLAIM_EXPIRED, target + " ended the claim on camera '" + camera
                    + "': " + descriptionOr(status, "no frame reached it in time") + " (" + status.getCode() + ")");
            case INVALID_ARGUMENT -> new PublishRefusal(FRAME_REFUSED, target + " refused a frame: "
                    + descriptionOr(status, "it is not acceptable there") + "; try a smaller --size ("
                    + status.getCode() + ")");
            case UNAVAILABLE -> new PublishRefusal(HUB_UNAVAILABLE, explained != null ? explained
                    : "cannot publish to " + target + ": " + detail + (status.getCause() != null
                            ? " (is `camstream server` running there?)" : ""));
            default -> new PublishRefusal(OTHER, explained != null ? explained
                    : "the hub at " + target + " ended the stream: " + detail);
        };
    }

    private static String descriptionOr(Status status, String fallback) {
        return status.getDescription() == null ? fallback : status.getDescription();
    }
}
