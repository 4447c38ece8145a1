package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.server.CamstreamServer;
import io.grpc.Status;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The limit flags reach the server they configure: the hub's own, and the transport's over 127.0.0.1. */
@Timeout(60)
class ServerLimitOptionsTest {

    @Test
    void theHubsLimitsAreTheFlagsGiven() throws Exception {
        CamstreamServer.Builder builder = builderWith("--max-pixels", "1280x720", "--publish-claim-timeout", "2.5");
        try (CamstreamServer server = builder.port(0).start()) {
            assertEquals(1280L * 720, server.hub().maxPixels());
            assertEquals(Duration.ofMillis(2500), server.hub().publishClaimTimeout());
        }
    }

    @Test
    void withoutFlagsTheDefaultsTheHelpStatesHold() throws Exception {
        try (CamstreamServer server = builderWith().port(0).start()) {
            assertEquals(8192L * 8192, server.hub().maxPixels());
            assertEquals(Duration.ofSeconds(5), server.hub().publishClaimTimeout());
        }
    }

    @Test
    void aStreamPastThePerAddressLimitIsRefusedOnLoopbackWhenAsked() throws Exception {
        CamstreamServer.Builder builder = builderWith("--max-streams-per-address", "1", "--limit-loopback");
        try (CamstreamServer server = builder.port(0).start();
                CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + server.port())) {
            CompletableFuture<VideoFrame> first = new CompletableFuture<>();
            CompletableFuture<Status> second = new CompletableFuture<>(); // refused, so it needs no closing
            SubscribeRequest request = SubscribeRequest.getDefaultInstance();
            try (Subscription watching = client.subscribe(request, listener(first, null))) {
                first.get(20, TimeUnit.SECONDS);
                client.subscribe(request, listener(new CompletableFuture<>(), second));
                Status status = second.get(20, TimeUnit.SECONDS);
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
                assertTrue(status.getDescription().contains("limit 1"), status.getDescription());
                watching.cancel();
            }
        }
    }

    @Test
    void aSubscriberAskingForOneVariantTooManyIsRefusedOverGrpc() throws Exception {
        try (CamstreamServer server = builderWith("--max-variants", "1").port(0).start();
                CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + server.port())) {
            CompletableFuture<VideoFrame> first = new CompletableFuture<>();
            CompletableFuture<Status> second = new CompletableFuture<>();
            SubscribeRequest request = SubscribeRequest.newBuilder().setQuality(60).build();
            try (Subscription watching = client.subscribe(request, listener(first, null))) {
                first.get(20, TimeUnit.SECONDS);
                client.subscribe(SubscribeRequest.newBuilder().setQuality(50).build(),
                        listener(new CompletableFuture<>(), second));
                Status status = second.get(20, TimeUnit.SECONDS);
                assertEquals(Status.Code.RESOURCE_EXHAUSTED, status.getCode(), status.toString());
                assertTrue(status.getDescription().startsWith("camera 'default' is already encoded in 1 different "
                        + "ways"), status.getDescription());
                watching.cancel();
            }
        }
    }

    /** A builder configured as `camstream server ARGS` would configure it, with a small pattern camera. */
    private static CamstreamServer.Builder builderWith(String... args) {
        String[] line = Stream.concat(Stream.of("server"), Arrays.stream(args)).toArray(String[]::new);
        ServerCommand command = Main.commandLine().parseArgs(line).subcommand().commandSpec().commandLine()
                .getCommand();
        CamstreamServer.Builder builder = CamstreamServer.builder(new TestPatternSource(320, 240, 15));
        command.limits.applyTo(builder);
        return builder;
    }

    private static FrameListener listener(CompletableFuture<VideoFrame> frames, CompletableFuture<Status> end) {
        return new FrameListener() {
            @Override
            public void onFrame(VideoFrame frame) {
                frames.complete(frame);
            }

            @Override
            public void onEnd(Status status) {
                if (end != null) {
                    end.complete(status);
                }
            }
        };
    }
}
