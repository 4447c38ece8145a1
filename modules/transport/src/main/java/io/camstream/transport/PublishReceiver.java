package io.camstream.transport;

import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;

/**
 * One {@code Publish} call: the first message names a published camera, and every frame goes to it.
 * Frames only replace each other in the camera's one-slot inbox, so however fast a publisher sends,
 * the hub holds at most one waiting frame for it.
 */
final class PublishReceiver implements StreamObserver<PublishRequest> {

    private final Cameras cameras;
    private final StreamObserver<PublishSummary> response;
    private PublishedSource source;
    private long receivedBefore;
    private long replacedBefore;
    private boolean failed;

    PublishReceiver(Cameras cameras, StreamObserver<PublishSummary> response) {
        this.cameras = cameras;
        this.response = response;
    }

    @Override
    public void onNext(PublishRequest request) {
        if (failed) {
            return;
        }
        if (source == null) {
            try {
                source = claim(request.getCamera());
            } catch (StatusRuntimeException e) {
                failed = true;
                response.onError(e);
                return;
            }
            receivedBefore = source.incoming().received();
            replacedBefore = source.incoming().replaced();
        }
        if (request.hasFrame()) {
            source.offer(request.getFrame());
        }
    }

    private PublishedSource claim(String camera) {
        if (camera.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("the first Publish message must name a camera").asRuntimeException();
        }
        FrameHub hub = cameras.find(camera);
        if (!(hub.source() instanceof PublishedSource published)) {
            throw Status.FAILED_PRECONDITION.withDescription("camera '" + camera + "' has its own source and cannot be "
                    + "published to; start the server with --source " + camera + "=publish").asRuntimeException();
        }
        if (!published.connect()) {
            throw Status.FAILED_PRECONDITION.withDescription("camera '" + camera + "' already has a publisher")
                    .asRuntimeException();
        }
        return published;
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
        if (source != null) {
            summary.setFramesReceived(source.incoming().received() - receivedBefore)
                    .setFramesReplaced(source.incoming().replaced() - replacedBefore);
        }
        release();
        response.onNext(summary.build());
        response.onCompleted();
    }

    private void release() {
        if (source != null) {
            source.disconnect();
        }
    }
}
