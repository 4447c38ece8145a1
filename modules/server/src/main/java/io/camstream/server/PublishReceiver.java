package io.camstream.server;

import io.camstream.client.WireFrames;
import io.camstream.hub.Hub;
import io.camstream.hub.HubException;
import io.camstream.hub.Publication;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * One {@code Publish} call: the first message names a published camera, and every frame goes to it.
 * The call ends when the publisher finishes, or when the hub ends its claim (no usable frame within
 * the claim timeout, a frame past the pixel budget, shutdown: {@link #ended}) or its access is
 * revoked ({@link #revoke}). Its methods are synchronized because those two arrive on other threads
 * than the call's messages, and the response may be ended only once.
 */
final class PublishReceiver implements StreamObserver<PublishRequest> {

    private final Hub hub;
    private final StreamObserver<PublishSummary> response;
    private Publication publication;
    private boolean failed;

    PublishReceiver(Hub hub, StreamObserver<PublishSummary> response) {
        this.hub = hub;
        this.response = response;
        Grant grant = AccessControl.GRANT.get();
        if (grant != null) {
            grant.onRevoke(this::revoke);
        }
    }

    /** Ends the call: the hub ended the claim, and the camera is free again. */
    synchronized void ended(HubException reason) {
        if (failed) {
            return;
        }
        failed = true;
        response.onError(HubStatus.of(reason).asRuntimeException());
    }

    /** Ends the call: the publisher's access was revoked. */
    synchronized void revoke(Status status) {
        if (failed) {
            return;
        }
        failed = true;
        release();
        response.onError(status.asRuntimeException());
    }

    @Override
    public synchronized void onNext(PublishRequest request) {
        if (failed) {
            return;
        }
        if (publication == null) {
            try {
                if (request.getCamera().isEmpty()) {
                    throw new IllegalArgumentException("the first Publish message must name a camera");
                }
                publication = hub.camera(ClientText.echo(request.getCamera())).publish();
            } catch (RuntimeException e) {
                failed = true;
                response.onError(HubStatus.ofRequest(e).asRuntimeException());
                return;
            }
            publication.onEnd(this::ended); // at once if the hub already ended it
        }
        if (failed) {
            return;
        }
        if (request.hasFrame()) {
            publication.offer(WireFrames.pending(request.getFrame()));
        }
    }

    @Override
    public synchronized void onError(Throwable t) {
        failed = true;
        release();
    }

    @Override
    public synchronized void onCompleted() {
        if (failed) {
            return;
        }
        PublishSummary.Builder summary = PublishSummary.newBuilder();
        if (publication != null) {
            summary.setFramesReceived(publication.received()).setFramesReplaced(publication.replaced());
        }
        release();
        failed = true;
        response.onNext(summary.build());
        response.onCompleted();
    }

    private void release() {
        if (publication != null) {
            publication.close();
        }
    }
}
