package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Prerequisite;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Subscription;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@code ./camstream server --nats} on the module path publishing to a real nats-server on
 * 127.0.0.1: every camera's frames on {@code camstream.CAMERA.frames}, and a name NATS cannot carry refused.
 */
@Timeout(180)
class NatsIT extends CamstreamProcesses {

    private static final Path NATS_SERVER = Path.of("/usr/sbin/nats-server");

    @Test
    void theServerPublishesEachCamerasFramesToNats() throws Exception {
        Prerequisite.require(Files.isExecutable(NATS_SERVER),
                "nats-server is not installed; .ci/install-test-deps installs it (Debian's nats-server)");
        int natsPort;
        try (ServerSocket free = new ServerSocket(0)) {
            natsPort = free.getLocalPort();
        }
        Process nats = new ProcessBuilder(NATS_SERVER.toString(), "-a", "127.0.0.1", "-p", Integer.toString(natsPort))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(nats);
        NatsCluster.awaitListening(natsPort);
        String url = "nats://127.0.0.1:" + natsPort;
        Process server = start("server", "--bind", "127.0.0.1", "--port", "0", "--size", "320x240",
                "--source", "front=pattern", "--source", "back=pattern", "--nats", url);
        List<String> output = new ArrayList<>();
        awaitPort(server, output);
        awaitLine(server, output, "publishing to NATS " + url + " on camstream.CAMERA.frames");

        Connection client = Nats.connect(url);
        try {
            for (String camera : List.of("front", "back")) {
                Subscription frames = client.subscribe("camstream." + camera + ".frames");
                long previous = 0;
                for (int i = 0; i < 5; i++) {
                    Message message = frames.nextMessage(Duration.ofSeconds(30));
                    assertNotNull(message, camera + ": frame " + i + " within 30 s");
                    VideoFrame frame = VideoFrame.parseFrom(message.getData());
                    assertEquals(camera, frame.getCamera());
                    assertEquals(320, frame.getWidth());
                    assertTrue(frame.getSequence() > previous, "sequences increase");
                    previous = frame.getSequence();
                    assertTrue(frame.getData().size() > 1000, "a JPEG of some size");
                }
                frames.unsubscribe();
            }
        } finally {
            client.close();
        }

        Result refused = run("server", "--bind", "127.0.0.1", "--port", "0", "--source", "front.door=pattern",
                "--nats", url);
        assertEquals(2, refused.exit(), refused.toString());
        assertTrue(refused.stderr().contains("rename the camera, e.g. front-door"), refused.toString());
    }
}
