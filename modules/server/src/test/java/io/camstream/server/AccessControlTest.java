package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.camstream.capture.TestPatternSource;
import io.camstream.protocol.legacy.MainServerGrpc;
import io.camstream.protocol.legacy.Reply;
import io.camstream.protocol.legacy.Request;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.CamstreamGrpc;
import io.camstream.protocol.v1.DescribeRequest;
import io.camstream.protocol.v1.PublishRequest;
import io.camstream.protocol.v1.PublishSummary;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.server.auth.Role;
import io.camstream.server.auth.Tokens;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every RPC, for every kind of caller, on every camera: who gets through and who gets which refusal.
 * The server has cameras front (the default) and back, and door, which takes published frames.
 */
@Timeout(120)
class AccessControlTest {

    /** A caller: how it identifies itself (a token, a wrong one, or nothing) and what the auth file grants it. */
    private record Who(String label, String token, Role role, Set<String> cameras) {
        boolean reaches(String camera) {
            return cameras.isEmpty() || cameras.contains(camera);
        }
    }

    private static final Who NOBODY = new Who("no token", null, null, Set.of());
    private static final Who STRANGER = new Who("unknown token", Tokens.generate(), null, Set.of());
    private static final List<Who> KNOWN = List.of(
            new Who("front-viewer", Tokens.generate(), Role.VIEW, Set.of("front")),
            new Who("viewer", Tokens.generate(), Role.VIEW, Set.of()),
            new Who("door-bell", Tokens.generate(), Role.PUBLISH, Set.of("door")),
            new Who("publisher", Tokens.generate(), Role.PUBLISH, Set.of()),
            new Who("root", Tokens.generate(), Role.ADMIN, Set.of()));
    private static final List<String> CAMERAS = List.of("front", "back", "door", "");

    @TempDir
    static Path dir;
    private static String serverName;
    private static CamstreamServer server;
    private static byte[] jpeg;

    @BeforeAll
    static void startServer() throws Exception {
        List<String> lines = new ArrayList<>();
        for (Who who : KNOWN) {
            lines.add(io.camstream.server.auth.AuthFile.line(who.token(), who.label(), who.role(), who.cameras()));
        }
        Path authFile = Files.write(dir.resolve("auth"), lines);
        serverName = InProcessServerBuilder.generateName();
        server = CamstreamServer.builder()
                .camera("front", new TestPatternSource(160, 120, 30))
                .camera("back", new TestPatternSource(160, 120, 30))
                .publishedCamera("door")
                .authFile(authFile)
                .transport(InProcessServerBuilder.forName(serverName))
                .start();
        server.hub().defaultCamera().awaitFirstFrame(java.time.Duration.ofSeconds(20));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_BYTE_GRAY), "jpeg", out);
        jpeg = out.toByteArray();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void everyCallerOnEveryCameraGetsWhatItsRoleAllows() throws Exception {
        List<String> wrong = new ArrayList<>();
        List<Who> everyone = new ArrayList<>(KNOWN);
        everyone.add(NOBODY);
        everyone.add(STRANGER);
        for (Who who : everyone) {
            ManagedChannel channel = channel(who);
            try {
                for (String camera : CAMERAS) {
                    String named = camera.isEmpty() ? "front" : camera;
                    check(wrong, who, "Subscribe " + named, subscribe(channel, camera), viewExpectation(who, named));
                    check(wrong, who, "Snapshot " + named, snapshot(channel, camera), viewExpectation(who, named));
                    check(wrong, who, "Publish " + (camera.isEmpty() ? "without a camera" : camera),
                            publish(channel, camera), publishExpectation(who, camera));
                }
                Status.Code known = who.role() == null ? Status.Code.UNAUTHENTICATED : Status.Code.OK;
                check(wrong, who, "Describe", describe(channel), known);
                check(wrong, who, "reflection", reflection(channel), known);
                check(wrong, who, "legacy getStream", legacy(channel),
                        who.role() == null ? Status.Code.UNAUTHENTICATED
                                : who.reaches("front") ? Status.Code.OK : Status.Code.PERMISSION_DENIED);
                check(wrong, who, "health", health(channel), Status.Code.OK);
            } finally {
                channel.shutdownNow();
            }
        }
        assertTrue(wrong.isEmpty(), wrong.size() + " calls got the wrong answer:\n" + String.join("\n", wrong));
    }

    @Test
    void describeListsOnlyTheCamerasTheCallerReaches() throws Exception {
        for (Who who : KNOWN) {
            ManagedChannel channel = channel(who);
            try {
                Set<String> listed = CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                        .describe(DescribeRequest.getDefaultInstance()).getCamerasList().stream()
                        .map(CameraInfo::getName).collect(Collectors.toSet());
                Set<String> expected = who.cameras().isEmpty() ? Set.of("front", "back", "door") : who.cameras();
                assertEquals(expected, listed, who.label());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void refusalsNameTheCameraAndRoleButNeverTheToken() throws Exception {
        Who frontViewer = KNOWN.get(0);
        ManagedChannel channel = channel(frontViewer);
        try {
            Status denied = snapshot(channel, "back");
            assertEquals(Status.Code.PERMISSION_DENIED, denied.getCode());
            assertEquals("'front-viewer' (role view) may not view camera 'back'; it reaches front",
                    denied.getDescription());
            Status publish = publish(channel, "door");
            assertEquals("'front-viewer' (role view) may not publish: that needs role publish or admin",
                    publish.getDescription());
        } finally {
            channel.shutdownNow();
        }
        ManagedChannel strangers = channel(STRANGER);
        try {
            Status unknown = describe(strangers);
            assertEquals(Status.Code.UNAUTHENTICATED, unknown.getCode());
            assertFalse(unknown.getDescription().contains(STRANGER.token()), unknown.getDescription());
            assertTrue(unknown.getDescription().contains("not in the server's auth file"), unknown.getDescription());
        } finally {
            strangers.shutdownNow();
        }
        ManagedChannel anonymous = channel(NOBODY);
        try {
            assertTrue(legacy(anonymous).getDescription().contains("--legacy-open"));
            assertTrue(subscribe(anonymous, "").getDescription().contains("authorization: Bearer TOKEN"));
        } finally {
            anonymous.shutdownNow();
        }
    }

    @Test
    void legacyOpenLetsTheOriginalSampleWatchWithoutATokenAndNothingElse() throws Exception {
        String name = InProcessServerBuilder.generateName();
        try (CamstreamServer open = CamstreamServer.builder(new TestPatternSource(160, 120, 30))
                .authFile(dir.resolve("auth")).legacyOpen(true)
                .transport(InProcessServerBuilder.forName(name)).start()) {
            ManagedChannel channel = InProcessChannelBuilder.forName(name).build();
            try {
                assertEquals(Status.Code.OK, legacy(channel).getCode());
                assertEquals(Status.Code.UNAUTHENTICATED, subscribe(channel, "").getCode());
                assertEquals(Status.Code.UNAUTHENTICATED, describe(channel).getCode());
                assertTrue(open.securitySummary().get(2).startsWith("WARNING: --legacy-open"),
                        open.securitySummary().toString());
            } finally {
                channel.shutdownNow();
            }
        }
    }

    @Test
    void aHeaderThatIsNotBearerIsRefusedAsSuch() throws Exception {
        Metadata basic = new Metadata();
        basic.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic dXNlcjpwYXNz");
        ManagedChannel channel = InProcessChannelBuilder.forName(serverName)
                .intercept(MetadataUtils.newAttachHeadersInterceptor(basic)).build();
        try {
            Status status = describe(channel);
            assertEquals(Status.Code.UNAUTHENTICATED, status.getCode());
            assertEquals("the authorization metadata must be 'Bearer TOKEN'", status.getDescription());
        } finally {
            channel.shutdownNow();
        }
    }

    /**
     * Every method of every service the server serves, called raw without a token: only health answers.
     * A service added without an access rule would not even start (the next test), so this covers all.
     */
    @Test
    void everyServedMethodNeedsACallerButHealth() throws Exception {
        List<io.grpc.ServiceDescriptor> services = List.of(CamstreamGrpc.getServiceDescriptor(),
                MainServerGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor(),
                ServerReflectionGrpc.getServiceDescriptor());
        ManagedChannel channel = channel(NOBODY);
        List<String> wrong = new ArrayList<>();
        int calls = 0;
        try {
            for (io.grpc.ServiceDescriptor service : services) {
                for (MethodDescriptor<?, ?> method : service.getMethods()) {
                    Status status = rawCall(channel, method.getFullMethodName());
                    calls++;
                    boolean open = service.getName().equals(HealthGrpc.SERVICE_NAME);
                    if ((status.getCode() == Status.Code.UNAUTHENTICATED) == open) {
                        wrong.add(method.getFullMethodName() + ": " + status);
                    }
                }
            }
        } finally {
            channel.shutdownNow();
        }
        assertTrue(calls >= 8, "only " + calls + " methods found");
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void aServiceWithoutAnAccessRuleStopsTheServerFromStarting() {
        var unruled = io.grpc.ServerServiceDefinition.builder("camstream.v1.Unruled")
                .addMethod(MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                                .setType(MethodDescriptor.MethodType.UNARY)
                                .setFullMethodName("camstream.v1.Unruled/Open").build(),
                        io.grpc.stub.ServerCalls.asyncUnaryCall((request, response) -> response.onCompleted()))
                .build();
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> AccessControl.checkCovered(List.of(unruled)));
        assertTrue(e.getMessage().contains("camstream.v1.Unruled/Open"), e.getMessage());
    }

    /** An empty message, which every request type accepts as its default; the first answer or the status. */
    private static Status rawCall(ManagedChannel channel, String fullMethodName) throws Exception {
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder(BYTES, BYTES)
                .setType(MethodDescriptor.MethodType.BIDI_STREAMING).setFullMethodName(fullMethodName).build();
        CompletableFuture<Status> result = new CompletableFuture<>();
        ClientCall<byte[], byte[]> call = channel.newCall(method,
                io.grpc.CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                result.complete(Status.OK);
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                result.complete(status);
            }
        }, new Metadata());
        call.request(1);
        call.sendMessage(new byte[0]);
        call.halfClose();
        Status status = result.get(15, TimeUnit.SECONDS);
        call.cancel("done", null);
        return status;
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public java.io.InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(java.io.InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    };

    private static Status.Code viewExpectation(Who who, String camera) {
        if (who.role() == null) {
            return Status.Code.UNAUTHENTICATED;
        }
        return who.reaches(camera) ? Status.Code.OK : Status.Code.PERMISSION_DENIED;
    }

    private static Status.Code publishExpectation(Who who, String camera) {
        if (who.role() == null) {
            return Status.Code.UNAUTHENTICATED;
        }
        // A publisher that names no camera is checked against the default one, like every other call.
        if (!who.role().includes(Role.PUBLISH) || !who.reaches(camera.isEmpty() ? "front" : camera)) {
            return Status.Code.PERMISSION_DENIED;
        }
        // Allowed, and then the service's own answer: a camera must be named, and only door takes frames.
        return camera.isEmpty() ? Status.Code.INVALID_ARGUMENT
                : camera.equals("door") ? Status.Code.OK : Status.Code.FAILED_PRECONDITION;
    }

    private static void check(List<String> wrong, Who who, String call, Status got, Status.Code expected) {
        if (got.getCode() != expected) {
            wrong.add(who.label() + " / " + call + ": expected " + expected + ", got " + got);
        }
    }

    static ManagedChannel channel(Who who) {
        InProcessChannelBuilder channel = InProcessChannelBuilder.forName(serverName);
        if (who.token() != null) {
            Metadata headers = new Metadata();
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + who.token());
            channel.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return channel.build();
    }

    /** OK once a first frame arrives (then the stream is cancelled), else how the stream ended. */
    private static Status subscribe(ManagedChannel channel, String camera) throws Exception {
        CompletableFuture<Status> result = new CompletableFuture<>();
        CamstreamGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).subscribe(
                SubscribeRequest.newBuilder().setCamera(camera).build(),
                new ClientResponseObserver<SubscribeRequest, VideoFrame>() {
                    private ClientCallStreamObserver<SubscribeRequest> call;

                    @Override
                    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(VideoFrame frame) {
                        result.complete(Status.OK);
                        call.cancel("seen a frame", null);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(Status.DATA_LOSS.withDescription("ended without a frame"));
                    }
                });
        return result.get(15, TimeUnit.SECONDS);
    }

    private static Status snapshot(ManagedChannel channel, String camera) {
        return status(() -> CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .snapshot(SnapshotRequest.newBuilder().setCamera(camera).build()));
    }

    private static Status describe(ManagedChannel channel) {
        return status(() -> CamstreamGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .describe(DescribeRequest.getDefaultInstance()));
    }

    private static Status health(ManagedChannel channel) {
        return status(() -> HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()));
    }

    /** One publish call with one frame: OK when the hub took it. */
    private static Status publish(ManagedChannel channel, String camera) throws Exception {
        CompletableFuture<Status> result = new CompletableFuture<>();
        StreamObserver<PublishRequest> requests = CamstreamGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .publish(new StreamObserver<PublishSummary>() {
                    @Override
                    public void onNext(PublishSummary summary) {
                        // the status says it all
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(Status.OK);
                    }
                });
        requests.onNext(PublishRequest.newBuilder().setCamera(camera).setFrame(VideoFrame.newBuilder()
                .setData(ByteString.copyFrom(jpeg)).setWidth(64).setHeight(48).setSequence(1)).build());
        requests.onCompleted();
        return result.get(15, TimeUnit.SECONDS);
    }

    private static Status reflection(ManagedChannel channel) throws Exception {
        CompletableFuture<Status> result = new CompletableFuture<>();
        StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).serverReflectionInfo(new StreamObserver<>() {
                    @Override
                    public void onNext(ServerReflectionResponse response) {
                        result.complete(response.hasListServicesResponse() ? Status.OK
                                : Status.INTERNAL.withDescription("no service list: " + response));
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(Status.DATA_LOSS.withDescription("ended without an answer"));
                    }
                });
        requests.onNext(ServerReflectionRequest.newBuilder().setListServices("").build());
        Status status = result.get(15, TimeUnit.SECONDS);
        requests.onCompleted();
        return status;
    }

    /** OK once the legacy protocol's first reply arrives, else how the call ended. */
    private static Status legacy(ManagedChannel channel) throws Exception {
        CompletableFuture<Status> result = new CompletableFuture<>();
        StreamObserver<Request> requests = MainServerGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                .getStream(new StreamObserver<>() {
                    @Override
                    public void onNext(Reply reply) {
                        result.complete(Status.OK);
                    }

                    @Override
                    public void onError(Throwable t) {
                        result.complete(Status.fromThrowable(t));
                    }

                    @Override
                    public void onCompleted() {
                        result.complete(Status.DATA_LOSS.withDescription("ended without a reply"));
                    }
                });
        requests.onNext(Request.newBuilder().setMsg("give me the stream!!").build());
        Status status = result.get(15, TimeUnit.SECONDS);
        requests.onError(Status.CANCELLED.asException());
        return status;
    }

    private static Status status(Runnable call) {
        try {
            call.run();
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.fromThrowable(e);
        }
    }
}
