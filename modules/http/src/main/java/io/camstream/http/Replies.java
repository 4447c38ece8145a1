package io.camstream.http;

import io.camstream.hub.HubException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Whole responses of a few lines: pages, refusals, probes. */
final class Replies {

    static final String TEXT = "text/plain;charset=utf-8";

    private Replies() {
    }

    /** A one-line text reply (a newline is added). */
    static void text(Response response, Callback callback, int status, String line) {
        send(response, callback, status, TEXT, (line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static void send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    /** A request the hub or the options refused, in HTTP's words, with the reason as the body. */
    static void refused(Response response, Callback callback, RuntimeException refusal) {
        int status = 500;
        if (refusal instanceof HubException hub) {
            status = switch (hub.reason()) {
                case NO_SUCH_CAMERA -> 404;
                case FULL, TOO_MANY_VARIANTS, NO_FRAME_YET, SHUTTING_DOWN -> 503;
                default -> 500;
            };
        } else if (refusal instanceof IllegalArgumentException) {
            status = 400;
        }
        text(response, callback, status, oneLine(refusal.getMessage()));
    }

    private static String oneLine(String message) {
        return message == null ? "camstream could not do that" : message.replace('\r', ' ').replace('\n', ' ');
    }
}
