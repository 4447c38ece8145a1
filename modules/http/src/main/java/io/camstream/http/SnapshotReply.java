package io.camstream.http;

import io.camstream.hub.Camera;
import io.camstream.hub.EncodedFrame;
import io.camstream.hub.HubException;
import io.camstream.hub.Variant;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One JPEG of a camera's newest frame. A camera that has a frame answers at once; one that has just
 * started is waited for without holding a thread (its first-frame future, then the executor), up to
 * {@link #FIRST_FRAME_WAIT}.
 */
final class SnapshotReply {

    static final Duration FIRST_FRAME_WAIT = Duration.ofSeconds(5);

    private SnapshotReply() {
    }

    static void answer(Camera camera, Variant variant, Response response, Callback callback, Executor executor) {
        if (camera.latest() != null) {
            send(camera, variant, response, callback);
            return;
        }
        camera.firstFrame().orTimeout(FIRST_FRAME_WAIT.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((frame, failure) -> {
                    if (failure == null) {
                        send(camera, variant, response, callback);
                    } else if (unwrap(failure) instanceof TimeoutException) {
                        Replies.text(response, callback, 503, "camera '" + camera.name()
                                + "' has delivered no frame yet; try again later");
                    } else {
                        callback.failed(failure);
                    }
                }, executor);
    }

    private static void send(Camera camera, Variant variant, Response response, Callback callback) {
        EncodedFrame encoded;
        try {
            // The camera has a frame, so this only encodes (or finds the shared encoding): it does not wait.
            encoded = camera.snapshot(variant, Integer.MAX_VALUE, Duration.ZERO).encoded();
        } catch (HubException e) {
            Replies.refused(response, callback, e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Parts.JPEG);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, encoded.size());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Parts.describe(response.getHeaders(), encoded.frame());
        response.write(true, ByteBuffer.wrap(encoded.data()).asReadOnlyBuffer(), callback);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
