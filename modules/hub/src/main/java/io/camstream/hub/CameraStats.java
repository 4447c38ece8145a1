package io.camstream.hub;

import io.camstream.encode.ColorMode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one camera has done since its hub was built, read at one moment ({@link Camera#stats()}): for a
 * status page and for metrics. Counts only grow (viewers aside), so two readings subtract into rates.
 * Each count is exact, but they are read one after another while frames flow, so they may disagree
 * by a frame or two (a frame sent may not be counted as captured yet).
 *
 * @param camera the camera's name
 * @param live whether its source delivers real frames now (see {@link Camera#isLive()})
 * @param framesCaptured real frames from its source (or its publishers)
 * @param noSignalFrames NO SIGNAL pictures sent in their place while the source was down
 * @param reconnects how many times the source came back after going down
 * @param encodes how often each encoder, quality and colour mode ran, ordered by them; the source's own
 *     JPEGs sent as they are cost no encode and are not here
 * @param protocols viewers and what was sent to them, per protocol, ordered by name; a protocol appears
 *     with its first viewer and stays, with 0 viewers, after the last one leaves
 */
public record CameraStats(String camera, boolean live, long framesCaptured, long noSignalFrames, long reconnects,
        List<EncoderCount> encodes, List<ProtocolStats> protocols) {

    public CameraStats {
        Objects.requireNonNull(camera, "camera");
        encodes = List.copyOf(encodes);
        protocols = List.copyOf(protocols);
    }

    /**
     * How many times one encoder ran with one quality and colour mode, at any size.
     *
     * @param frames encodes done (a frame encoded at two sizes counts twice)
     */
    public record EncoderCount(String encoder, int quality, ColorMode color, long frames) {
    }

    /**
     * One protocol's viewers of a camera (e.g. {@code grpc}, {@code legacy}, {@code http}).
     *
     * @param viewers watching now
     * @param framesSent frames sent to them, all together
     * @param bytesSent what those frames took, as the protocol counts its messages
     * @param framesSkipped frames they missed for being slower than the camera (or asking for fewer)
     * @param framesAdapted frames re-encoded smaller to fit a viewer's message limit
     */
    public record ProtocolStats(String protocol, int viewers, long framesSent, long bytesSent, long framesSkipped,
            long framesAdapted) {
    }

    /** Encodes over every encoder, quality and colour mode. */
    public long framesEncoded() {
        return encodes.stream().mapToLong(EncoderCount::frames).sum();
    }

    /** Viewers now, over every protocol. */
    public int viewers() {
        return protocols.stream().mapToInt(ProtocolStats::viewers).sum();
    }

    /** Frames sent, over every protocol. */
    public long framesSent() {
        return protocols.stream().mapToLong(ProtocolStats::framesSent).sum();
    }

    /** Frames viewers skipped, over every protocol. */
    public long framesSkipped() {
        return protocols.stream().mapToLong(ProtocolStats::framesSkipped).sum();
    }

    /** Viewers now by protocol, ordered by name, for a status page. */
    public Map<String, Integer> viewersByProtocol() {
        Map<String, Integer> viewers = new LinkedHashMap<>();
        protocols.forEach(entry -> viewers.put(entry.protocol(), entry.viewers()));
        return viewers;
    }

    /** That protocol's entry; all zeros for one nobody has used on this camera. */
    public ProtocolStats protocol(String name) {
        return protocols.stream().filter(entry -> entry.protocol().equals(name)).findFirst()
                .orElse(new ProtocolStats(name, 0, 0, 0, 0, 0));
    }
}
