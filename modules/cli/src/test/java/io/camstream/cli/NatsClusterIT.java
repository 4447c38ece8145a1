package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale-out as users run it: a 3-node NATS cluster (routes) on 127.0.0.1, one origin ({@code server --nats}),
 * two edges ({@code server --source front=nats://…/front}), all the real {@code ./camstream} on the module path,
 * and two viewers on each edge. Then, in turn: the NATS node an edge uses dies, the origin stops and comes back,
 * and an edge restarts.
 */
@Timeout(300)
class NatsClusterIT extends CamstreamProcesses {

    /** The bound for a lost NATS node: viewers' streams go on after at most this gap. */
    private static final long NODE_LOSS_GAP_MILLIS = 2000;

    @TempDir
    Path logs;

    @Test
    void viewersOnTwoEdgesRideOutANodeLossAnOriginRestartAndAnEdgeRestart() throws Exception {
        try (NatsCluster cluster = NatsCluster.start(3, logs)) {
            String[] originCommand = {"server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240",
                "--source", "front=pattern", "--nats", cluster.urls()};
            Process origin = start(originCommand);
            awaitPort(origin, new ArrayList<>());

            // What the origin published, read straight from NATS: the edges' frames must be these.
            Map<Long, VideoFrame> published = new ConcurrentHashMap<>();
            Connection reader = Nats.connect(new Options.Builder().servers(cluster.urls().split(",")).build());
            Dispatcher dispatcher = reader.createDispatcher(message -> {
                try {
                    VideoFrame frame = VideoFrame.parseFrom(message.getData());
                    published.put(frame.getSequence(), frame);
                } catch (IOException e) {
                    fail("the origin published a message that is not a VideoFrame", e);
                }
            });
            dispatcher.subscribe("camstream.front.frames");

            int[] edgePorts = {freePort(), freePort()};
            Process[] edges = new Process[2];
            for (int i = 0; i < 2; i++) {
                edges[i] = startEdge(cluster, edgePorts[i]);
            }
            List<Watcher> viewers = new ArrayList<>();
            try {
                for (int port : edgePorts) {
                    viewers.add(new Watcher("127.0.0.1:" + port));
                    viewers.add(new Watcher("127.0.0.1:" + port));
                }
                // A viewer asking for another variant: the edge encodes it itself, once, from the origin's frames.
                Watcher lowQuality = new Watcher("127.0.0.1:" + edgePorts[0], SubscribeRequest.newBuilder()
                        .setCamera("front").setQuality(40).build());
                viewers.add(lowQuality);

                // Every viewer gets the origin's frames: its sequence numbers, its capture times, its stamps.
                for (Watcher viewer : viewers) {
                    viewer.await("30 real frames", frames -> frames.stream().filter(f -> !f.noSignal()).count() >= 30,
                            Duration.ofSeconds(60));
                    for (Watcher.Seen frame : viewer.frames()) {
                        if (!frame.noSignal()) {
                            VideoFrame sent = published.get(frame.sequence());
                            assertTrue(sent != null, viewer + ": sequence " + frame.sequence() + " was published");
                            assertEquals(WireFrames.epochMicros(sent.getCaptureTime()), frame.captureMicros(), viewer
                                    + ": sequence " + frame.sequence() + " carries the origin's capture time");
                            assertTrue(frame.stamped(), viewer + ": the origin's stamp is kept");
                            if (viewer == lowQuality) {
                                assertEquals(40, frame.quality(), "encoded at the edge at the quality asked for");
                                assertTrue(frame.jpegBytes() < sent.getData().size(), "smaller than the origin's");
                            } else {
                                assertEquals(sent.getData().size(), frame.jpegBytes(), "the origin's JPEG as it is");
                            }
                        }
                    }
                }

                // The NATS node edge 0 is connected to dies: its viewers go on after a short gap.
                String edgeName = "(pid " + edges[0].pid() + ")";
                int node = cluster.nodeOf(edgeName).orElseThrow(() -> new AssertionError("edge 0 is on no node"));
                long killedAt = System.nanoTime();
                cluster.kill(node);
                for (Watcher viewer : viewers) {
                    viewer.await("a real frame 3 s after the node died", frames -> frames.stream().anyMatch(
                            f -> !f.noSignal() && f.arrivalNanos() - killedAt > TimeUnit.SECONDS.toNanos(3)),
                            Duration.ofSeconds(30));
                    long gap = viewer.longestGapMillis(killedAt - TimeUnit.SECONDS.toNanos(1),
                            killedAt + TimeUnit.SECONDS.toNanos(3));
                    assertTrue(gap <= NODE_LOSS_GAP_MILLIS, viewer + ": frames stopped for " + gap
                            + " ms when NATS node " + node + " died");
                    assertEquals(0, viewer.ends(), viewer + ": the stream went on");
                    System.out.println(viewer + ": longest gap " + gap + " ms around the loss of NATS node " + node);
                }
                OptionalInt now = cluster.nodeOf(edgeName);
                assertTrue(now.isPresent() && now.getAsInt() != node, "edge 0 moved to another node: " + now);

                // The origin stops: NO SIGNAL on every viewer; it comes back: real frames again.
                origin.destroy();
                assertTrue(origin.waitFor(20, TimeUnit.SECONDS), "the origin stops on SIGTERM");
                long stoppedAt = System.nanoTime();
                for (Watcher viewer : viewers) {
                    viewer.await("NO SIGNAL after the origin stopped", frames -> frames.stream().anyMatch(
                            f -> f.noSignal() && f.arrivalNanos() > stoppedAt), Duration.ofSeconds(15));
                }
                Process again = start(originCommand);
                awaitPort(again, new ArrayList<>());
                long restartedAt = System.nanoTime();
                for (Watcher viewer : viewers) {
                    viewer.await("real frames after the origin came back", frames -> frames.stream().filter(
                            f -> !f.noSignal() && f.arrivalNanos() > restartedAt).count() >= 10,
                            Duration.ofSeconds(45));
                    System.out.println(viewer + ": real frames again " + viewer.firstRealAfterMillis(restartedAt)
                            + " ms after the origin listened again");
                }

                // Edge 1 restarts on its port: its viewers' streams end, they subscribe again and go on.
                edges[1].destroy();
                assertTrue(edges[1].waitFor(20, TimeUnit.SECONDS), "edge 1 stops on SIGTERM");
                edges[1] = startEdge(cluster, edgePorts[1]);
                long edgeBackAt = System.nanoTime();
                for (Watcher viewer : viewers.subList(2, 4)) {
                    viewer.await("real frames from the restarted edge", frames -> frames.stream().filter(
                            f -> !f.noSignal() && f.arrivalNanos() > edgeBackAt).count() >= 10,
                            Duration.ofSeconds(60));
                    assertTrue(viewer.ends() >= 1, viewer + ": its stream ended with the edge");
                }
                for (Watcher viewer : List.of(viewers.get(0), viewers.get(1), lowQuality)) {
                    assertEquals(0, viewer.ends(), viewer + ": edge 0's viewers never noticed");
                }
                assertNotEquals(0, published.size());
            } finally {
                viewers.forEach(Watcher::close);
                reader.close();
            }
        }
    }

    private Process startEdge(NatsCluster cluster, int port) throws Exception {
        Process edge = start("server", "--bind", "127.0.0.1", "--port", Integer.toString(port), "--source",
                "front=nats://" + cluster.hostPorts() + "/front");
        assertEquals(port, awaitPort(edge, new ArrayList<>()));
        return edge;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
