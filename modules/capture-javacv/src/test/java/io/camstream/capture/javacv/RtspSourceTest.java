package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.Frame;
import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelFormat;
import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceUnavailableException;
import io.camstream.capture.Sources;
import io.camstream.capture.spi.Availability;
import io.camstream.testkit.Prerequisite;
import io.camstream.testkit.RtspTestServer;
import io.camstream.testkit.RtspTestServer.Auth;
import io.camstream.testkit.RtspTestServer.Stream;
import io.camstream.testkit.SmpteBars;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * RTSP sources against a real RTSP server, GStreamer's ({@link RtspTestServer}, on 127.0.0.1):
 * H.264 and Motion JPEG, over TCP and UDP, open and behind digest or basic authentication. Every
 * stream must arrive at its size, in order, showing the server's colour bars; a wrong or missing
 * password must fail saying so, without the password anywhere.
 */
@Timeout(120)
class RtspSourceTest {

    static final String USER = "viewer";
    static final String PASSWORD = "Rtsp5ecretPw";
    private static final int FRAMES = 30;
    static final SourceOptions OPTIONS = SourceOptions.defaults().withTimeout(Duration.ofSeconds(5));

    private static RtspTestServer open;
    private static RtspTestServer digest;
    private static RtspTestServer basic;
    private final Sources sources = Sources.discover();

    @BeforeAll
    static void startServers() throws Exception {
        requirePrerequisites();
        open = RtspTestServer.start();
        digest = RtspTestServer.start(USER, PASSWORD, Auth.DIGEST);
        basic = RtspTestServer.start(USER, PASSWORD, Auth.BASIC);
    }

    @AfterAll
    static void stopServers() {
        for (RtspTestServer server : new RtspTestServer[] {open, digest, basic}) {
            if (server != null) {
                server.close();
            }
        }
    }

    /** FFmpeg's natives (for the source) and GStreamer's RTSP server (for the camera). */
    static void requirePrerequisites() {
        Availability ffmpeg = Sources.discover().find("rtsp").orElseThrow().availability();
        Prerequisite.require(ffmpeg.available(), ffmpeg.reason());
        Prerequisite.require(RtspTestServer.missing().isEmpty(), RtspTestServer.missing());
    }

    @ParameterizedTest(name = "{0} over {1}, auth {2}")
    @CsvSource({
        "H264, tcp, none", "H264, udp, none", "MJPEG, tcp, none", "MJPEG, udp, none",
        "H264, tcp, digest", "H264, udp, digest", "MJPEG, tcp, digest", "MJPEG, udp, digest",
        "H264, tcp, basic", "MJPEG, udp, basic",
    })
    void playsTheServersColourBarsAtTheirSizeInOrder(Stream stream, String transport, String auth) throws Exception {
        RtspTestServer server = switch (auth) {
            case "digest" -> digest;
            case "basic" -> basic;
            default -> open;
        };
        String url = (auth.equals("none") ? server.url(stream) : server.url(stream, USER, PASSWORD))
                + "?rtsp_transport=" + transport;
        int setupsBefore = server.transports().size();
        List<Frame> frames = new ArrayList<>();
        try (FrameSource source = sources.open(url, OPTIONS)) {
            assertEquals(RtspTestServer.WIDTH, source.info().width(), source.info().toString());
            assertEquals(RtspTestServer.HEIGHT, source.info().height(), source.info().toString());
            assertTrue(source.info().description().contains("live"), source.info().description());
            assertFalse(source.info().description().contains(PASSWORD), source.info().description());
            while (frames.size() < FRAMES) {
                frames.add(source.grab());
            }
        }
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertEquals(List.of(RtspTestServer.WIDTH, RtspTestServer.HEIGHT, PixelFormat.BGR24),
                    List.of(frame.width(), frame.height(), frame.format()), frame.toString());
            assertFalse(frame.placeholder());
            assertTrue(i == 0 || frame.sequence() > frames.get(i - 1).sequence(), "in order: " + frames);
        }
        // The last ten, nearly all: a UDP packet lost on a busy machine may spoil a picture until the next key frame.
        List<List<String>> differences = frames.subList(FRAMES - 10, FRAMES).stream()
                .map(frame -> SmpteBars.differences(frame.width(), frame.height(), frame.format(), frame.pixels()))
                .toList();
        assertTrue(differences.stream().filter(List::isEmpty).count() >= 8, "the colour bars: " + differences);
        List<String> setups = server.transports().subList(setupsBefore, server.transports().size());
        assertFalse(setups.isEmpty(), "the server saw no SETUP");
        String expected = transport.equals("tcp") ? "RTP/AVP/TCP" : "client_port=";
        assertTrue(setups.stream().allMatch(setup -> setup.contains(expected)), transport + ": " + setups);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"digest", "basic"})
    void aWrongPasswordFailsSayingSoWithoutShowingIt(String auth) throws Exception {
        RtspTestServer server = auth.equals("digest") ? digest : basic;
        String wrong = "Wr0ngPassw0rd";
        IOException failure = assertThrows(IOException.class,
                () -> sources.open(server.url(Stream.H264, USER, wrong), OPTIONS).close());
        String trace = stackTrace(failure);
        assertTrue(failure.getMessage().contains("authentication failed"), trace);
        // It will not pass by itself: a server refuses to start on it, as on a missing file.
        assertInstanceOf(SourceUnavailableException.class, failure, trace);
        assertTrue(failure.getMessage().contains("rtsp://" + USER + ":***@127.0.0.1:" + server.port() + "/h264"),
                trace);
        for (String text : List.of(trace, String.join("\n", server.output()))) {
            assertFalse(text.contains(wrong), text);
            assertFalse(text.contains(PASSWORD), text);
        }
    }

    @Test
    void noPasswordForAServerThatWantsOneFailsSayingSo() {
        IOException failure = assertThrows(IOException.class,
                () -> sources.open(digest.url(Stream.MJPEG), OPTIONS).close());
        assertTrue(failure.getMessage().contains("authentication failed"), stackTrace(failure));
    }

    static String stackTrace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
