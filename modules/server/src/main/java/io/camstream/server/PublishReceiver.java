package io.camstream.server;

import io.camstream.client.WireFrames;
import io.camstream.hub.Hub;
import io.camstream.hub.Publication;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.grpc.stub.StreamObserver;

/** One {@code Publish} call: the first message names a published camera, and every frame goes to it. */
final class PublishReceiver implements StreamObserver<PublishRequest> {

    private final Hub hub;
    private final StreamObserver<PublishSummary> response;
    private Publication publication;
    private boolean failed;

    PublishReceiver(Hub hub, StreamObserver<PublishSummary> response) {
        this.hub = hub;
        this.response = response;
    }

    @Override
    public void onNext(PublishRequest request) {
        if (failed) {
            return;
        }
        if (publication == null) {
            try {
                if (request.getCamera().isEmpty()) {
                    throw new IllegalArgumentException("the first Publish message must name a camera");
                }
                publication = hub.camera(request.getCamera()).publish();
            } catch (RuntimeException e) {
                failed = true;
                response.onError(HubStatus.ofRequest(e).asRuntimeException());
                return;
            }
        }
        if (request.hasFrame()) {
            publication.offer(WireFrames.pending(request.getFrame()));
        }
    }

    @Override
    public void onError(Throwable t) {
        release();
    }

    @Override
    public void onCompleted() {
        if (failed) {
            return;
        }
        PublishSummary.Builder summary = PublishSummary.newBuilder();
        if (publication != null) {
            summary.setFramesReceived(publication.received()).setFramesReplaced(publication.replaced());
        }
        release();
        response.onNext(summary.build());
        response.onCompleted();
    }

    private void release() {
        if (publication != null) {
            publication.close();
        }
    }
}
