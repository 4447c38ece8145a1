package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceInfo;
import io.camstream.capture.SourceSpec;
import io.camstream.capture.Sources;
import io.camstream.capture.SupervisedSource;
import io.camstream.capture.Supervision;
import io.camstream.testkit.RtspTestServer;
import io.camstream.testkit.RtspTestServer.Auth;
import io.camstream.testkit.RtspTestServer.Stream;
import io.camstream.testkit.SmpteBars;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An RTSP camera that goes away and comes back, as the server supervises every source: GStreamer's
 * RTSP server ({@link RtspTestServer}) stops, so the source shows NO SIGNAL, then serves again on
 * the same port, and the colour bars return, with sequence numbers rising throughout.
 */
@Timeout(120)
class RtspRecoveryTest {

    /** Quick to notice and to retry, so the test takes seconds; the server's defaults are gentler. */
    private static final Supervision QUICK = new Supervision(Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofMillis(200), Duration.ofSeconds(1), 5);
    private static final long PHASE_SECONDS = 30;

    @ParameterizedTest(name = "{0} over {1}")
    @CsvSource({"H264, tcp", "H264, udp", "MJPEG, tcp", "MJPEG, udp"})
    void showsNoSignalWhileTheServerIsDownAndTheBarsAgainWhenItReturns(Stream stream, String transport)
            throws Exception {
        RtspSourceTest.requirePrerequisites();
        Sources sources = Sources.discover();
        // Sequence numbers only: thousands of 640x480 pictures would not fit the test's heap.
        List<Long> sequences = new ArrayList<>();
        try (RtspTestServer server = RtspTestServer.start(RtspSourceTest.USER, RtspSourceTest.PASSWORD, Auth.DIGEST)) {
            SourceSpec spec = sources.parse(server.url(stream, RtspSourceTest.USER, RtspSourceTest.PASSWORD)
                    + "?rtsp_transport=" + transport);
            SourceInfo expected = new SourceInfo(spec.redacted(), RtspTestServer.WIDTH, RtspTestServer.HEIGHT,
                    RtspTestServer.FPS, PixelFormat.BGR24);
            try (SupervisedSource source = SupervisedSource.start(spec.redacted(),
                    () -> sources.open(spec, RtspSourceTest.OPTIONS), QUICK, expected)) {
                Frame first = grabUntil(source, sequences, frame -> !frame.placeholder() && showsBars(frame),
                        "real frames showing the colour bars");
                grabUntil(source, sequences, frame -> frame.sequence() >= first.sequence() + 10, "ten more frames");

                server.stop();
                Frame noSignal = grabUntil(source, sequences, Frame::placeholder, "NO SIGNAL after the server stopped");
                assertEquals(List.of(RtspTestServer.WIDTH, RtspTestServer.HEIGHT),
                        List.of(noSignal.width(), noSignal.height()), "NO SIGNAL keeps the stream's size");
                assertFalse(SmpteBars.differences(noSignal.width(), noSignal.height(), noSignal.format(),
                        noSignal.pixels()).isEmpty(), "NO SIGNAL is not the colour bars");
                assertFalse(source.isUp());

                server.restart();
                grabUntil(source, sequences, frame -> !frame.placeholder() && showsBars(frame),
                        "real frames showing the colour bars after the server came back");
                assertTrue(source.isUp());
            }
        }
        for (int i = 1; i < sequences.size(); i++) {
            assertTrue(sequences.get(i) > sequences.get(i - 1), "sequence numbers rise across the outage: "
                    + sequences.get(i - 1) + " then " + sequences.get(i));
        }
    }

    private static Frame grabUntil(SupervisedSource source, List<Long> sequences, Predicate<Frame> wanted,
            String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PHASE_SECONDS);
        while (System.nanoTime() - deadline < 0) {
            Frame frame = source.grab();
            sequences.add(frame.sequence());
            if (wanted.test(frame)) {
                return frame;
            }
        }
        return fail("no " + what + " within " + PHASE_SECONDS + " s; source: " + source.info());
    }

    /** Waited for rather than required of one frame: a UDP packet lost on a busy machine may spoil a picture. */
    private static boolean showsBars(Frame frame) {
        return SmpteBars.differences(frame.width(), frame.height(), frame.format(), frame.pixels()).isEmpty();
    }
}
