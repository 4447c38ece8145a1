package io.camstream.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** A viewer reading /stream on a thread of its own, counting the parts it gets; stops when closed. */
final class StreamWatcher implements AutoCloseable {

    final AtomicLong parts = new AtomicLong();
    final AtomicLong lastSequence = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final InputStream body;
    private final Thread thread;
    private volatile boolean closing;

    StreamWatcher(HttpFixture server, String path) throws IOException, InterruptedException {
        this(server, path, null);
    }

    /** @param authorization the Authorization header to send, or null */
    StreamWatcher(HttpFixture server, String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = server.request(path);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<InputStream> response = server.openRequest(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode());
        }
        body = response.body();
        MjpegReader reader = HttpFixture.reader(body, response);
        thread = new Thread(() -> {
            try {
                for (MjpegReader.Part part = reader.next(); part != null; part = reader.next()) {
                    lastSequence.set(part.sequence());
                    parts.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                if (!closing) {
                    failure.set(e);
                }
            }
        }, "watcher " + path);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until this watcher has more than {@code count} parts; false if not within the time. */
    boolean awaitMoreThan(long count, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (parts.get() <= count && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return parts.get() > count;
    }

    /** Whether the stream ended (the server closed it, or it failed). */
    boolean ended(long millis) throws InterruptedException {
        thread.join(millis);
        return !thread.isAlive();
    }

    @Override
    public void close() throws IOException {
        closing = true;
        body.close();
    }
}
