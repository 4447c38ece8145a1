package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.testkit.RtspTestServer.Auth;
import io.camstream.testkit.RtspTestServer.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The RTSP test server itself, spoken to with bare RTSP requests: it describes both streams, asks for
 * a password only when given one, and stops and starts again on the same port.
 */
@Timeout(60)
class RtspTestServerTest {

    @BeforeEach
    void requireGstreamer() {
        Prerequisite.require(RtspTestServer.missing().isEmpty(), RtspTestServer.missing());
    }

    @Test
    void describesAnH264AndAnRtpJpegStream() throws Exception {
        try (RtspTestServer server = RtspTestServer.start()) {
            String h264 = describe(server, Stream.H264);
            assertTrue(h264.startsWith("RTSP/1.0 200 OK") && h264.contains("H264/90000"), h264);
            String mjpeg = describe(server, Stream.MJPEG);
            assertTrue(mjpeg.startsWith("RTSP/1.0 200 OK") && mjpeg.contains("m=video 0 RTP/AVP 26"), mjpeg);
            assertTrue(server.output().get(0).equals("ready rtsp://127.0.0.1:" + server.port()), server.output()
                    .toString());
        }
    }

    @Test
    void withAUserItAsksForDigestAuthentication() throws Exception {
        try (RtspTestServer server = RtspTestServer.start("viewer", "Pw1234567", Auth.DIGEST)) {
            String answer = describe(server, Stream.H264);
            assertTrue(answer.startsWith("RTSP/1.0 401 Unauthorized") && answer.contains("WWW-Authenticate: Digest"),
                    answer);
        }
    }

    @Test
    void stopsAndServesAgainOnTheSamePort() throws Exception {
        try (RtspTestServer server = RtspTestServer.start()) {
            int port = server.port();
            server.stop();
            assertThrows(IOException.class, () -> describe(server, Stream.H264));
            server.restart();
            assertEquals(port, server.port());
            assertTrue(describe(server, Stream.MJPEG).startsWith("RTSP/1.0 200 OK"));
        }
    }

    /** The answer to a DESCRIBE, headers and SDP. */
    private static String describe(RtspTestServer server, Stream stream) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("DESCRIBE " + server.url(stream) + " RTSP/1.0\r\nCSeq: 1\r\n"
                    + "Accept: application/sdp\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[4096];
            int read;
            // Headers, then an SDP body of Content-Length bytes; the server keeps the connection open.
            while ((read = in.read(buffer)) > 0) {
                answer.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                if (complete(answer.toString())) {
                    break;
                }
            }
            return answer.toString();
        }
    }

    private static boolean complete(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        Matcher length = Pattern.compile("(?i)Content-Length: (\\d+)").matcher(answer);
        return !length.find() || answer.length() - end - 4 >= Integer.parseInt(length.group(1));
    }
}
