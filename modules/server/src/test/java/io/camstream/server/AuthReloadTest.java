package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.camstream.capture.TestPatternSource;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
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
