package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.CaptureClock;
import io.camstream.capture.TestPatternSource;
import io.camstream.client.CamstreamClient;
import io.camstream.client.WireFrames;
import io.camstream.protocol.v1.SubscribeRequest;
import io.camstream.protocol.v1.VideoFrame;
import io.camstream.testkit.Picture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real TCP on 127.0.0.1 through Netty, as clients on other machines would connect. */
@Timeout(60)
class LoopbackTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private CamstreamServer server;
    private String target;

    @BeforeEach
    void start() throws Exception {
        server = CamstreamServer.builder(new TestPatternSource(640, 480, 30)).bind("127.0.0.1").port(0).start();
        target = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void threeConcurrentSubscribersEachGetIncreasingDecodableStampedFrames() throws Exception {
        List<CamstreamClient> clients = new ArrayList<>();
        List<FrameCollector> collectors = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                CamstreamClient client = CamstreamClient.connect(target);
                clients.add(client);
                FrameCollector collector = new FrameCollector();
                collectors.add(collector);
                client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            }
            for (FrameCollector collector : collectors) {
                List<VideoFrame> frames = collector.await(20, WAIT);
                FrameCollector.assertIncreasing(frames);
                for (VideoFrame frame : frames) {
                    Picture picture = Picture.decode(frame.getData().toByteArray());
                    assertEquals(640, picture.width());
                    assertEquals(480, picture.height());
                    assertEquals(640, frame.getWidth());
                    assertEquals(480, frame.getHeight());
                    assertTrue(picture.stamp().orElseThrow()
                            .matches(frame.getSequence(), InProcessServicesTest.captureMicros(frame)),
                            "the stamp in frame " + frame.getSequence() + " disagrees with its metadata");
                }
            }
        } finally {
            clients.forEach(CamstreamClient::close);
        }
    }

    @Test
    void eachFrameSaysWhenItPassedEachStageInOrderUpToItsArrival() throws Exception {
        List<long[]> arrivals = new ArrayList<>(); // {sequence, arrival micros}
        FrameCollector collector = new FrameCollector() {
            @Override
            public synchronized void onFrame(VideoFrame frame) {
                arrivals.add(new long[] {frame.getSequence(), CaptureClock.nowMicros()});
                super.onFrame(frame);
            }
        };
        try (CamstreamClient client = CamstreamClient.connect(target)) {
            client.subscribe(SubscribeRequest.getDefaultInstance(), collector);
            List<VideoFrame> frames = collector.await(20, WAIT);
            List<long[]> arrived;
            synchronized (collector) {
                arrived = List.copyOf(arrivals);
            }
            for (int i = 0; i < frames.size(); i++) {
                VideoFrame frame = frames.get(i);
                assertEquals(frame.getSequence(), arrived.get(i)[0]);
                assertTrue(frame.hasEncodeStartTime() && frame.hasEncodeEndTime() && frame.hasSendTime());
                long capture = WireFrames.epochMicros(frame.getCaptureTime());
                long encodeStart = WireFrames.epochMicros(frame.getEncodeStartTime());
                long encodeEnd = WireFrames.epochMicros(frame.getEncodeEndTime());
                long send = WireFrames.epochMicros(frame.getSendTime());
                long arrival = arrived.get(i)[1];
                String stages = "frame " + frame.getSequence() + ": capture " + capture + ", encode " + encodeStart
                        + ".." + encodeEnd + ", send " + send + ", arrival " + arrival;
                assertTrue(capture <= encodeStart && encodeStart <= encodeEnd && encodeEnd <= send
                        && send <= arrival, stages);
                long encodeMicros = frame.getEncodeTime().getSeconds() * 1_000_000
                        + frame.getEncodeTime().getNanos() / 1000;
                assertTrue(encodeEnd - encodeStart >= encodeMicros - 1, "the interval holds the encode: " + stages);
                assertTrue(arrival - capture < 5_000_000, "on loopback, well under 5 s: " + stages);
            }
        }
    }

    @Test
    void theOriginalClientsWayOfAskingWorksOverTcp() throws Exception {
        try (CamstreamClient client = CamstreamClient.connect(target)) {
            for (int i = 0; i < 3; i++) {
                Picture picture = Picture.decode(client.fetchLegacyJpeg(WAIT));
                assertEquals(640, picture.width());
                assertEquals(480, picture.height());
                assertEquals(1, picture.channels());
            }
        }
    }
}
