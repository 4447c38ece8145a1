package io.camstream.benchmarks.fanout;

import com.google.protobuf.UnknownFieldSet;
import com.google.protobuf.UnsafeByteOperations;
import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The original sample's {@code Server.py}, in Java, as the baseline camstream is measured against:
 * a capture thread keeps the newest camera frame, and every request of every client gets its own
 * fresh gray conversion, JPEG encode and base64 of that frame. Nothing is shared between clients
 * and nothing ties the work to the camera's rate.
 *
 * <p>Two deliberate differences from the Python: requests are served by gRPC-Java's default
 * executor rather than a pool of 10 workers (so 100 clients are served at all, and the design, not
 * Python's thread limit, is what gets measured); and each reply carries the frame's capture time in
 * protobuf field {@value #CAPTURE_MICROS_FIELD}, which the sample's {@code Reply} does not declare
 * (its client ignores unknown fields), so latency from capture is measured the same way as for camstream.
 */
public final class SeedStyleServer extends MainServerGrpc.MainServerImplBase implements AutoCloseable {

    /** Unknown-to-the-sample field carrying the capture time in epoch microseconds (fixed64). */
    public static final int CAPTURE_MICROS_FIELD = 15;

    private final FrameSource source;
    private final EncoderProvider provider;
    private final EncoderOptions options;
    private final AtomicReference<Frame> latest = new AtomicReference<>();
    private final CountDownLatch firstFrame = new CountDownLatch(1);
    /** Encoders keep native state and are not thread-safe: one per gRPC worker thread. */
    private final ThreadLocal<FrameEncoder> encoders;
    private final Thread capture;
    private Server server;
    private volatile boolean closed;

    public SeedStyleServer(FrameSource source, EncoderProvider provider, EncoderOptions options) {
        this.source = source;
        this.provider = provider;
        this.options = options;
        this.encoders = ThreadLocal.withInitial(() -> provider.create(options));
        this.capture = new Thread(this::captureLoop, "seed-style-capture");
        capture.setDaemon(true);
    }

    /** Starts capturing, waits for the first frame (so no request finds none), and listens on 127.0.0.1. */
    public int start(int port) throws IOException, InterruptedException {
        // Load the encoder's natives now, not on the first request.
        provider.create(options).close();
        capture.start();
        if (!firstFrame.await(10, TimeUnit.SECONDS)) {
            throw new IOException("the source gave no frame within 10 s");
        }
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(this).build().start();
        return server.getPort();
    }

    private void captureLoop() {
        while (!closed) {
            try {
                latest.set(source.grab());
                firstFrame.countDown();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("seed-style server: capture failed: " + e);
                }
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public StreamObserver<Request> getStream(StreamObserver<Reply> replies) {
        return new StreamObserver<>() {
            @Override
            public void onNext(Request request) {
                Frame frame = latest.get();
                byte[] jpeg = encoders.get().encode(frame).data();
                // The base64 array is fresh and never touched again, so wrapping it without a copy is safe.
                replies.onNext(Reply.newBuilder()
                        .setDatas(UnsafeByteOperations.unsafeWrap(Base64.getEncoder().encode(jpeg)))
                        .setUnknownFields(UnknownFieldSet.newBuilder().addField(CAPTURE_MICROS_FIELD,
                                UnknownFieldSet.Field.newBuilder().addFixed64(frame.captureEpochMicros()).build())
                                .build())
                        .build());
            }

            @Override
            public void onError(Throwable t) {
                // The client went away; like the sample, there is nothing to clean up.
            }

            @Override
            public void onCompleted() {
                replies.onCompleted();
            }
        };
    }

    /** The capture time a reply from this server carries, or -1 when it has none. */
    public static long captureMicros(Reply reply) {
        UnknownFieldSet.Field field = reply.getUnknownFields().getField(CAPTURE_MICROS_FIELD);
        return field.getFixed64List().isEmpty() ? -1 : field.getFixed64List().get(0);
    }

    @Override
    public void close() {
        closed = true;
        source.close();
        if (server != null) {
            server.shutdownNow();
        }
    }
}
