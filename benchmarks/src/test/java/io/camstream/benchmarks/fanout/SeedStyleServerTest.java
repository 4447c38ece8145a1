package io.camstream.benchmarks.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.JpegDecoder;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SeedStyleServerTest {

    private SeedStyleServer server;
    private String target;

    @BeforeEach
    void start() throws Exception {
        server = new SeedStyleServer(new TestPatternSource(320, 240, 30), Encoders.discover().best(),
                EncoderOptions.defaults());
        target = "127.0.0.1:" + server.start(0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesTheSamplesClientAGrayJpegInBase64() throws Exception {
        try (CamstreamClient client = CamstreamClient.connect(target)) {
            byte[] jpeg = client.fetchLegacyJpeg(Duration.ofSeconds(10));
            Frame decoded = JpegDecoder.decode(jpeg, 1, 0, false, false);
            assertEquals(PixelFormat.GRAY8, decoded.format());
            assertEquals(320, decoded.width());
            assertEquals(240, decoded.height());
        }
    }

    @Test
    void answersEveryRequestOfACallWithItsCaptureTime() throws Exception {
        ManagedChannel channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        try {
            List<Reply> replies = new CopyOnWriteArrayList<>();
            CompletableFuture<Throwable> done = new CompletableFuture<>();
            StreamObserver<Request> requests = MainServerGrpc.newStub(channel).getStream(new StreamObserver<>() {
                @Override
                public void onNext(Reply reply) {
                    replies.add(reply);
                }

                @Override
                public void onError(Throwable t) {
                    done.complete(t);
                }

                @Override
                public void onCompleted() {
                    done.complete(null);
                }
            });
            for (int i = 0; i < 3; i++) {
                requests.onNext(Request.newBuilder().setMsg("give me the stream!!").build());
            }
            requests.onCompleted();
            assertNull(done.get(10, TimeUnit.SECONDS), "the call ends cleanly once the client half-closes");
            assertEquals(3, replies.size(), "one reply per request, like Server.py");
            long previous = 0;
            for (Reply reply : replies) {
                long captured = SeedStyleServer.captureMicros(reply);
                assertTrue(captured >= previous && captured > 0, "capture times are present and never go back");
                previous = captured;
                byte[] jpeg = Base64.getDecoder().decode(reply.getDatas().toByteArray());
                assertEquals(0xFF, jpeg[0] & 0xFF);
                assertEquals(0xD8, jpeg[1] & 0xFF);
            }
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aReplyWithoutTheExtraFieldHasNoCaptureTime() {
        assertEquals(-1, SeedStyleServer.captureMicros(Reply.getDefaultInstance()));
    }
}
