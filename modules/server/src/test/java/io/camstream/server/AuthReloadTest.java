package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.Publisher;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.imageio.ImageIoEncoderProvider;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.server.auth.AuthFile;
import io.camstream.server.auth.Role;
import io.camstream.server.auth.Tokens;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.MetadataUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The auth file is re-read while the server runs; a broken edit keeps what was there. */
@Timeout(60)
class AuthReloadTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void tokensAddedOrRevokedTakeEffectWithoutARestartAndABrokenEditKeepsTheLastGoodFile() throws Exception {
        String alice = Tokens.generate();
        String bob = Tokens.generate();
        Path file = dir.resolve("auth");
        Files.write(file, List.of(AuthFile.line(alice, "alice", Role.VIEW, List.of())));
        String name = InProcessServerBuilder.generateName();
        try (CamstreamServer server = CamstreamServer.builder(new TestPatternSource(160, 120, 30)).authFile(file)
                .reloadInterval(Duration.ofMillis(100)).transport(InProcessServerBuilder.forName(name)).start()) {
            assertEquals(Status.Code.OK, describeAs(name, alice));
            assertEquals(Status.Code.UNAUTHENTICATED, describeAs(name, bob));
            assertEquals(true, server.authRequired());

            Files.write(file, List.of(AuthFile.line(bob, "bob", Role.VIEW, List.of())));
            awaitCode(name, bob, Status.Code.OK);
            assertEquals(Status.Code.UNAUTHENTICATED, describeAs(name, alice), "alice was revoked");

            Files.write(file, List.of("this line is not an entry"));
            Thread.sleep(500);
            assertEquals(Status.Code.OK, describeAs(name, bob), "a broken file keeps the previous entries");

            Files.write(file, List.of(AuthFile.line(alice, "alice", Role.VIEW, List.of())));
            awaitCode(name, alice, Status.Code.OK);
        }
    }

    @Test
    void streamsOfARevokedTokenEndAndOthersGoOn() throws Exception {
        String alice = Tokens.generate();
        String bob = Tokens.generate();
        String carol = Tokens.generate();
        Path file = dir.resolve("auth");
        Files.write(file, List.of(AuthFile.line(alice, "alice", Role.VIEW, List.of()),
                AuthFile.line(bob, "bob", Role.VIEW, List.of()), AuthFile.line(carol, "carol", Role.VIEW, List.of())));
        String name = InProcessServerBuilder.generateName();
        try (CamstreamServer server = CamstreamServer.builder()
                .camera("front", new TestPatternSource(160, 120, 30))
                .camera("back", new TestPatternSource(160, 120, 30))
                .authFile(file).reloadInterval(Duration.ofMillis(100))
                .transport(InProcessServerBuilder.forName(name)).start();
                CamstreamClient aliceClient = client(name, alice);
                CamstreamClient bobClient = client(name, bob);
                CamstreamClient carolClient = client(name, carol)) {
            FrameCollector aliceFrames = new FrameCollector();
            FrameCollector bobFrames = new FrameCollector();
            FrameCollector carolFrames = new FrameCollector();
            aliceClient.subscribe(SubscribeRequest.newBuilder().setCamera("back").build(), aliceFrames);
            bobClient.subscribe(SubscribeRequest.newBuilder().setCamera("back").build(), bobFrames);
            carolClient.subscribe(SubscribeRequest.newBuilder().setCamera("back").build(), carolFrames);
            aliceFrames.await(2, WAIT);
            bobFrames.await(2, WAIT);
            carolFrames.await(2, WAIT);

            // alice is removed, bob keeps only front; carol is untouched.
            Files.write(file, List.of(AuthFile.line(bob, "bob", Role.VIEW, List.of("front")),
                    AuthFile.line(carol, "carol", Role.VIEW, List.of())));

            Status aliceEnd = aliceFrames.awaitEnd(WAIT);
            assertEquals(Status.Code.UNAUTHENTICATED, aliceEnd.getCode(), aliceEnd.toString());
            assertTrue(aliceEnd.getDescription().startsWith("access was revoked"), aliceEnd.toString());
            Status bobEnd = bobFrames.awaitEnd(WAIT);
            assertEquals(Status.Code.PERMISSION_DENIED, bobEnd.getCode(), bobEnd.toString());
            assertEquals("'bob' (role view) may not view camera 'back'; it reaches front", bobEnd.getDescription());
            long carolSeen = carolFrames.frames().get(carolFrames.frames().size() - 1).getSequence();
            carolFrames.awaitSequence(carolSeen + 10, WAIT);
            assertFalse(carolFrames.end.isDone(), "carol's access did not change: her stream goes on");
            assertEquals(1, server.hub().camera("back").subscriberCount(), "the revoked streams freed their slots");
        }
    }

    @Test
    void aPublisherWhoseTokenIsRevokedIsCutOffAndTheCameraShowsNoSignal() throws Exception {
        String doorbell = Tokens.generate();
        Path file = dir.resolve("auth");
        Files.write(file, List.of(AuthFile.line(doorbell, "doorbell", Role.PUBLISH, List.of("door"))));
        String name = InProcessServerBuilder.generateName();
        try (CamstreamServer server = CamstreamServer.builder().publishedCamera("door").authFile(file)
                .reloadInterval(Duration.ofMillis(100)).transport(InProcessServerBuilder.forName(name)).start();
                CamstreamClient publisher = client(name, doorbell);
                Publisher uplink = new Publisher(publisher, "door", new ImageIoEncoderProvider(),
                        EncoderOptions.defaults(), CamstreamClient.DEFAULT_MAX_MESSAGE_BYTES)) {
            TestPatternSource pattern = new TestPatternSource(160, 120, 30);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!server.hub().camera("door").isLive()) {
                uplink.send(pattern.grab());
                assertTrue(System.nanoTime() < deadline, "the published camera never went live");
            }
            Files.write(file, List.of("# nobody publishes any more"));
            StatusRuntimeException end = assertThrows(StatusRuntimeException.class, () -> {
                long until = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() < until) {
                    uplink.send(pattern.grab());
                    Thread.sleep(30);
                }
            }, "the revoked publisher's call goes on");
            assertEquals(Status.Code.UNAUTHENTICATED, end.getStatus().getCode(), end.toString());
            deadline = System.nanoTime() + WAIT.toNanos();
            while (server.hub().camera("door").isLive()) {
                assertTrue(System.nanoTime() < deadline, "the camera still shows the revoked publisher's frames");
                Thread.sleep(50);
            }
        }
    }

    private static CamstreamClient client(String name, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        return CamstreamClient.over(InProcessChannelBuilder.forName(name)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build());
    }

    private static void awaitCode(String name, String token, Status.Code expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (describeAs(name, token) != expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the auth file change was not picked up in 20 s");
            }
            Thread.sleep(50);
        }
    }

    private static Status.Code describeAs(String name, String token) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        ManagedChannel channel = InProcessChannelBuilder.forName(name)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
        try {
            CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .describe(DescribeRequest.getDefaultInstance());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        } finally {
            channel.shutdownNow();
        }
    }
}
