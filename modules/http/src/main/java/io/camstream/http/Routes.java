package io.camstream.http;

import io.camstream.capture.CaptureClock;
import io.camstream.hub.Camera;
import io.camstream.hub.Hub;
import io.camstream.hub.Mailbox;
import io.camstream.hub.Variant;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Every path camstream answers over HTTP, with access checked where it applies. GET and HEAD only:
 * nothing here changes anything.
 */
final class Routes extends Handler.Abstract {

    private final Hub hub;
    private final HttpAccess access;
    private final MetricsPage metrics;
    private final Viewers viewers;
    private final StateJson state;
    private final byte[] page;
    private final Executor executor;

    Routes(Hub hub, HttpAccess access, MetricsPage metrics, Viewers viewers, StateJson state, byte[] page,
            Executor executor) {
        this.hub = hub;
        this.access = access;
        this.metrics = metrics;
        this.viewers = viewers;
        this.state = state;
        this.page = page;
        this.executor = executor;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        if (!head && !HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            Replies.text(response, callback, 405, "camstream only answers GET and HEAD");
            return true;
        }
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        try {
            switch (request.getHttpURI().getPath()) {
                case "/healthz" -> Replies.text(response, callback, 200, "ok");
                case "/readyz" -> ready(response, callback);
                case "/" -> root(request, response, callback, query, head);
                case "/stream", "/stream.mjpg" -> stream(request, response, callback, query, null, head);
                case "/snapshot" -> snapshot(request, response, callback, query, null);
                case "/state" -> state(request, response, callback);
                case "/metrics" -> metrics(request, response, callback);
                default -> Replies.text(response, callback, 404, "no such page; try / or /stream");
            }
        } catch (RuntimeException e) {
            Replies.refused(response, callback, e);
        }
        return true;
    }

    /** The page, or mjpg-streamer's {@code /?action=stream} and {@code /?action=snapshot}. */
    private void root(Request request, Response response, Callback callback, Fields query, boolean head) {
        String action = query.getValue("action");
        if (action == null) {
            if (query.getSize() > 0) {
                throw new IllegalArgumentException("/ takes only action=stream or action=snapshot");
            }
            if (allowed(request, response, callback, "")) {
                Replies.send(response, callback, 200, "text/html;charset=utf-8", page);
            }
        } else if (action.equals("stream")) {
            stream(request, response, callback, query, "action", head);
        } else if (action.equals("snapshot")) {
            snapshot(request, response, callback, query, "action");
        } else {
            throw new IllegalArgumentException("action must be stream or snapshot, got '"
                    + FrameRequest.echo(action) + "'");
        }
    }

    private void stream(Request request, Response response, Callback callback, Fields query, String routeParameter,
            boolean head) {
        FrameRequest asked = FrameRequest.parse(query, true, routeParameter);
        String token = Credentials.token(request.getHeaders().get(HttpHeader.AUTHORIZATION));
        if (!allowed(token, response, callback, cameraName(asked))) {
            return;
        }
        Camera camera = asked.camera(hub);
        Variant variant = asked.variant(hub);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Parts.STREAM_CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (head) {
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        MjpegStream stream = new MjpegStream(camera, variant, asked.maxFps(), response, callback, executor, token);
        Mailbox mailbox = camera.subscribe("http", variant, stream::frameArrived);
        viewers.add(stream);
        Request.addCompletionListener(request, failure -> {
            viewers.remove(stream);
            mailbox.close();
        });
        request.addFailureListener(stream::failed);
        stream.start(mailbox);
    }

    private void snapshot(Request request, Response response, Callback callback, Fields query, String routeParameter) {
        FrameRequest asked = FrameRequest.parse(query, false, routeParameter);
        if (allowed(request, response, callback, cameraName(asked))) {
            SnapshotReply.answer(asked.camera(hub), asked.variant(hub), response, callback, executor);
        }
    }

    private void state(Request request, Response response, Callback callback) {
        if (allowed(request, response, callback, "")) {
            String json = state.state(CaptureClock::nowMicros).toString();
            Replies.send(response, callback, 200, "application/json", json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private void metrics(Request request, Response response, Callback callback) throws Exception {
        if (metrics == null) {
            Replies.text(response, callback, 404, "no metrics on this server");
            return;
        }
        if (allowed(request, response, callback, "")) {
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            try (OutputStream out = Content.Sink.asOutputStream(response)) {
                metrics.write(out);
            }
            callback.succeeded();
        }
    }

    /** Ready when every camera delivers, or (published ones) waits for a publisher, as it should. */
    private void ready(Response response, Callback callback) {
        List<String> notReady = new ArrayList<>();
        for (Camera camera : hub.cameras()) {
            if (!camera.isLive() && !camera.awaitsPublisher()) {
                notReady.add(camera.name());
            }
        }
        if (notReady.isEmpty()) {
            Replies.text(response, callback, 200, "ready");
        } else {
            Replies.text(response, callback, 503, "not ready (no signal): " + String.join(", ", notReady));
        }
    }

    /** The camera a request is about, for access: the one it names, or the default one. */
    private String cameraName(FrameRequest asked) {
        return asked.cameraName().isEmpty() ? hub.defaultCamera().name() : asked.cameraName();
    }

    private boolean allowed(Request request, Response response, Callback callback, String camera) {
        return allowed(Credentials.token(request.getHeaders().get(HttpHeader.AUTHORIZATION)), response, callback,
                camera);
    }

    /** Whether {@code token} may see {@code camera}; if not, answers 401 (asking for credentials) or 403. */
    private boolean allowed(String token, Response response, Callback callback, String camera) {
        HttpAccess.Verdict verdict = access.check(token, camera);
        if (verdict.allowed()) {
            return true;
        }
        if (!verdict.authenticated()) {
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Basic realm=\"camstream\"");
            Replies.text(response, callback, 401, verdict.reason());
        } else {
            Replies.text(response, callback, 403, verdict.reason());
        }
        return false;
    }
}
