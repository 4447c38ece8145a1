package io.camstream.server;

import io.camstream.client.MessageLimits;
import io.camstream.client.WireFrames;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.hub.Camera;
import io.camstream.hub.Hub;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.EncoderInfo;
import io.camstream.protocol.v1.Limits;
import java.util.function.Predicate;

/** Builds the answer to {@code Describe} from the live state of the hub. */
final class Describer {

    private Describer() {
    }

    /** The server as a caller that reaches {@code visible} cameras sees it. */
    static DescribeResponse describe(Hub hub, Predicate<String> visible) {
        DescribeResponse.Builder response = DescribeResponse.newBuilder()
                .setVersion(CamstreamServer.version())
                .setDefaultEncoder(hub.defaultVariant().encoder())
                .setDefaultQuality(hub.defaultVariant().options().quality())
                .setDefaultColor(WireFrames.toProto(hub.defaultVariant().options().color()))
                .setLimits(Limits.newBuilder()
                        .setMaxInboundMessageBytes(MessageLimits.DEFAULT_BYTES)
                        .setDefaultSubscriberMessageBytes(MessageLimits.DEFAULT_BYTES)
                        .setMaxSubscribers(hub.maxSubscribers()));
        for (Camera camera : hub.cameras()) {
            if (!visible.test(camera.name())) {
                continue;
            }
            var info = camera.info();
            response.addCameras(CameraInfo.newBuilder()
                    .setName(camera.name())
                    .setSource(info.description())
                    .setWidth(info.width())
                    .setHeight(info.height())
                    .setFps(info.fps())
                    .setLive(camera.isLive())
                    .setSubscribers(camera.subscriberCount())
                    .setPublished(camera.isPublished()));
        }
        for (EncoderProvider provider : hub.encoders().all()) {
            var availability = provider.availability();
            EncoderInfo.Builder encoder = EncoderInfo.newBuilder()
                    .setName(provider.name())
                    .setDescription(provider.description())
                    .setAvailable(availability.available())
                    .setUnavailableReason(availability.reason())
                    .setPriority(provider.priority())
                    .setMinQuality(provider.minQuality())
                    .setMaxQuality(provider.maxQuality());
            provider.colorModes().forEach(mode -> encoder.addColors(WireFrames.toProto(mode)));
            response.addEncoders(encoder);
        }
        return response.build();
    }
}
