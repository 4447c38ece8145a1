package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camstream.capture.SourceOptions;
import io.camstream.capture.SourceSpec;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RTSP's transport as a URL chooses it, and the options FFmpeg gets for a stream; no natives needed. */
class RtspTransportTest {

    @Test
    void rtspRunsOverTcpUnlessTheUrlSaysOtherwise() {
        assertEquals(new RtspTransport("rtsp://cam/live", "tcp"), of("rtsp://cam/live"));
        assertEquals(new RtspTransport("rtsp://cam/live", "udp"), of("rtsp://cam/live?rtsp_transport=udp"));
        assertEquals(new RtspTransport("rtsps://cam/live", "tcp"), of("rtsps://cam/live?RTSP_TRANSPORT=TCP"));
    }

    @Test
    void theParameterIsTakenOutOfTheUrlAndTheCamerasOwnAreKept() {
        assertEquals(new RtspTransport("rtsp://u:p@cam:8554/live?channel=1&subtype=0", "udp"),
                of("rtsp://u:p@cam:8554/live?channel=1&rtsp_transport=udp&subtype=0"));
        assertEquals(new RtspTransport("rtsp://cam/live?channel=1", "tcp"), of("rtsp://cam/live?channel=1"));
    }

    @Test
    void httpUrlsAreLeftWhole() {
        String url = "http://cam/video.mjpg?rtsp_transport=udp";
        assertEquals(new RtspTransport(url, "tcp"), of(url));
    }

    @Test
    void anUnknownTransportIsRejectedWithoutShowingThePassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> of("rtsp://admin:S3cr3tPw@cam/live?rtsp_transport=carrier-pigeon"));
        assertEquals("'rtsp://admin:***@cam/live?rtsp_transport=carrier-pigeon': rtsp_transport must be one of"
                + " http, https, tcp, udp, udp_multicast, got 'carrier-pigeon'", e.getMessage());
        assertFalse(e.getMessage().contains("S3cr3tPw"));
    }

    @Test
    void everyStreamOpenAndReadIsBoundedByTheSourceTimeout() {
        SourceOptions options = SourceOptions.defaults().withTimeout(Duration.ofMillis(2500));
        assertEquals(Map.of("rw_timeout", "2500000", "timeout", "2500000", "rtsp_transport", "udp"),
                StreamSourceProvider.ffmpegOptions("rtsp", "udp", options));
        assertEquals(Map.of("rw_timeout", "2500000", "timeout", "2500000"),
                StreamSourceProvider.ffmpegOptions("http", "tcp", options));
    }

    private static RtspTransport of(String url) {
        return RtspTransport.of(SourceSpec.parse(url));
    }
}
