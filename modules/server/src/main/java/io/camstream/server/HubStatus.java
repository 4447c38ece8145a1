package io.camstream.server;

import io.camstream.hub.HubException;
import io.grpc.Status;

/**
 * The hub's reasons in gRPC's words. Descriptions pass through {@link ClientText#description}: the
 * hub quotes what a client asked for (a camera, an encoder), and a client decides how long that is.
 */
final class HubStatus {

    private HubStatus() {
    }

    static Status of(HubException e) {
        Status status = switch (e.reason()) {
            case NO_SUCH_CAMERA -> Status.NOT_FOUND;
            case FULL, TOO_MANY_VARIANTS -> Status.RESOURCE_EXHAUSTED;
            case NOT_PUBLISHABLE, ALREADY_PUBLISHING -> Status.FAILED_PRECONDITION;
            case NO_FRAME_YET, SHUTTING_DOWN -> Status.UNAVAILABLE;
            // The frame itself is unacceptable here, however often it is sent again.
            case PICTURE_TOO_LARGE -> Status.INVALID_ARGUMENT;
            // The publisher's time to send ran out, as a deadline does; it may claim the camera again.
            case CLAIM_EXPIRED -> Status.DEADLINE_EXCEEDED;
        };
        return status.withDescription(ClientText.description(e.getMessage()));
    }

    /** The status a request that failed this way ends with: the hub's reason, or INVALID_ARGUMENT for a bad request. */
    static Status ofRequest(RuntimeException e) {
        if (e instanceof HubException hub) {
            return of(hub);
        }
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(ClientText.description(e.getMessage()));
        }
        return Status.INTERNAL.withDescription("camstream failed: " + e).withCause(e);
    }
}
