package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.camstream.client.CamstreamClient;
import io.camstream.client.FrameListener;
import io.camstream.client.Subscription;
import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import io.camstream.testkit.Prerequisite;
import io.camstream.testkit.RtspTestServer;
import io.camstream.testkit.RtspTestServer.Auth;
import io.camstream.testkit.RtspTestServer.Stream;
import io.camstream.testkit.SmpteBars;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code camstream server --source rtsp://...} against a real RTSP server, GStreamer's
 * ({@link RtspTestServer}), behind digest authentication: the real command plays H.264 and MJPEG over
 * TCP and UDP to {@code camstream view} and to a client that checks the colour bars, shows NO SIGNAL
 * while the RTSP server is down and the bars again when it returns, refuses a wrong password with
 * "authentication failed", and never prints a password.
 */
@Timeout(180)
class RtspIT extends CamstreamProcesses {

    private static final String USER = "viewer";
    private static final String PASSWORD = "Rtsp5ecretPw";

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"H264, tcp", "H264, udp", "MJPEG, tcp", "MJPEG, udp"})
    void theServerPlaysTheStreamToViewers(Stream stream, String transport) throws Exception {
        requirePrerequisites();
        try (RtspTestServer rtsp = RtspTestServer.start(USER, PASSWORD, Auth.DIGEST)) {
            String source = rtsp.url(stream, USER, PASSWORD) + "?rtsp_transport=" + transport;
            Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--source", source);
            List<String> output = new ArrayList<>();
            int port = awaitPort(server, output);

            Result view = run("view", "--headless", "--target", "127.0.0.1:" + port, "--frames", "60", "--json");
            Picture picture;
            try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + port);
                    Frames frames = new Frames(client)) {
                picture = Picture.decode(frames.await(frame -> !frame.getNoSignal(), "a real frame").getData()
                        .toByteArray());
                frames.await(RtspIT::showsBars, "a frame showing the colour bars");
            }
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);

            assertEquals(0, view.exit(), view.toString());
            JsonObject summary = lastJson(view);
            assertEquals(60, summary.get("frames").getAsInt(), summary.toString());
            assertEquals(RtspTestServer.WIDTH, summary.get("width").getAsInt(), summary.toString());
            assertEquals(RtspTestServer.HEIGHT, summary.get("height").getAsInt(), summary.toString());
            assertEquals(0, summary.get("decode_errors").getAsInt(), summary.toString());
            assertEquals(0, summary.get("out_of_order").getAsInt(), summary.toString());
            assertEquals(List.of(RtspTestServer.WIDTH, RtspTestServer.HEIGHT), List.of(picture.width(),
                    picture.height()));
            String expected = transport.equals("tcp") ? "RTP/AVP/TCP" : "client_port=";
            assertTrue(rtsp.transports().stream().allMatch(setup -> setup.contains(expected)), rtsp.transports()
                    .toString());
            assertNoPassword(output, view.toString(), rtsp.output());
            synchronized (output) {
                assertTrue(output.stream().anyMatch(line -> line.contains("rtsp://" + USER + ":***@127.0.0.1:"
                        + rtsp.port() + stream.path()) && line.contains("640x480")), output.toString());
            }
        }
    }

    @Test
    void showsNoSignalWhileTheRtspServerIsDownAndTheStreamAgainWhenItReturns() throws Exception {
        requirePrerequisites();
        try (RtspTestServer rtsp = RtspTestServer.start(USER, PASSWORD, Auth.DIGEST)) {
            Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--source",
                    rtsp.url(Stream.H264, USER, PASSWORD));
            List<String> output = new ArrayList<>();
            int port = awaitPort(server, output);
            try (CamstreamClient client = CamstreamClient.connect("127.0.0.1:" + port);
                    Frames frames = new Frames(client)) {
                frames.await(RtspIT::showsBars, "a frame showing the colour bars");
                rtsp.stop();
                VideoFrame noSignal = frames.await(VideoFrame::getNoSignal, "NO SIGNAL once the RTSP server stopped");
                rtsp.restart();
                VideoFrame back = frames.await(frame -> frame.getSequence() > noSignal.getSequence()
                        && showsBars(frame), "the colour bars once it is back");
                assertEquals(List.of(RtspTestServer.WIDTH, RtspTestServer.HEIGHT),
                        List.of(back.getWidth(), back.getHeight()));
            }
            awaitLine(server, output, "is back after");
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
            assertNoPassword(output, "", rtsp.output());
            synchronized (output) {
                assertTrue(output.stream().anyMatch(line -> line.contains("rtsp://" + USER + ":***@127.0.0.1:"
                        + rtsp.port() + "/h264 is down (")), output.toString());
            }
        }
    }

    @Test
    void aWrongPasswordStopsTheServerSayingAuthenticationFailed() throws Exception {
        requirePrerequisites();
        String wrong = "Wr0ngPassw0rd";
        try (RtspTestServer rtsp = RtspTestServer.start(USER, PASSWORD, Auth.DIGEST)) {
            String source = rtsp.url(Stream.MJPEG, USER, wrong);
            Result server = run("server", "--bind", "127.0.0.1", "--port", "0", "--source", source);

            assertEquals(1, server.exit(), server.toString());
            // FFmpeg's own error lines ("[rtsp @ 0x...] method DESCRIBE failed: 401Unauthorized") may come first.
            List<String> lines = server.stderr().lines().filter(line -> !line.startsWith("[rtsp @ ")).toList();
            assertEquals(1, lines.size(), "one line, no stack trace: " + server);
            assertTrue(lines.get(0).startsWith("camstream server: authentication failed for rtsp://" + USER
                    + ":***@127.0.0.1:" + rtsp.port() + "/mjpeg: the server refused the user name or password"),
                    server.toString());
            String everything = server + "\n" + String.join("\n", rtsp.output());
            assertFalse(everything.contains(wrong), everything);
            assertFalse(everything.contains(PASSWORD), everything);
        }
    }

    private static void requirePrerequisites() {
        SourcesIT.requireFfmpeg();
        Prerequisite.require(RtspTestServer.missing().isEmpty(), RtspTestServer.missing());
    }

    /**
     * Waited for rather than required of one frame: a UDP packet lost on a busy machine may spoil a picture.
     * NO SIGNAL frames never pass.
     */
    private static boolean showsBars(VideoFrame frame) {
        return !frame.getNoSignal() && SmpteBars.differences(Picture.decode(frame.getData().toByteArray())).isEmpty();
    }

    private static void assertNoPassword(List<String> serverOutput, String more, List<String> rtspOutput) {
        String everything;
        synchronized (serverOutput) {
            everything = String.join("\n", serverOutput) + "\n" + more + "\n" + String.join("\n", rtspOutput);
        }
        assertFalse(everything.contains(PASSWORD), everything);
    }

    /** A colour subscription's frames, for waiting on the one wanted; closed, it cancels the subscription. */
    private static final class Frames implements AutoCloseable {
        private final LinkedBlockingQueue<VideoFrame> received = new LinkedBlockingQueue<>();
        private final Subscription subscription;

        Frames(CamstreamClient client) {
            subscription = client.subscribe(SubscribeRequest.newBuilder().setColor(ColorMode.COLOR_MODE_COLOR)
                    .build(), new FrameListener() {
                        @Override
                        public void onFrame(VideoFrame frame) {
                            received.add(frame);
                        }

                        @Override
                        public void onEnd(Status status) {
                            // await() times out saying what it waited for.
                        }
                    });
        }

        VideoFrame await(Predicate<VideoFrame> wanted, String what) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long left;
            while ((left = deadline - System.nanoTime()) > 0) {
                VideoFrame frame = received.poll(left, TimeUnit.NANOSECONDS);
                if (frame != null && wanted.test(frame)) {
                    return frame;
                }
            }
            throw new AssertionError("no " + what + " within 60 s");
        }

        @Override
        public void close() {
            subscription.cancel();
        }
    }
}
