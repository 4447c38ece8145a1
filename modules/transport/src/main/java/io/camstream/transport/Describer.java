package io.camstream.transport;

import io.camstream.encode.ColorMode;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import io.camstream.protocol.v1.CameraInfo;
import io.camstream.protocol.v1.DescribeResponse;
import io.camstream.protocol.v1.EncoderInfo;
import io.camstream.protocol.v1.Limits;

/** Builds the answer to {@code Describe} from the live state of the server. */
final class Describer {

    private Describer() {
    }

    static DescribeResponse describe(Cameras cameras, Encoders encoders, SubscriberLimit subscribers) {
        FrameHub first = cameras.first();
        DescribeResponse.Builder response = DescribeResponse.newBuilder()
                .setVersion(CamstreamServer.version())
                .setDefaultEncoder(first.defaultVariant().encoder())
                .setDefaultQuality(first.defaultVariant().options().quality())
                .setDefaultColor(toProto(first.defaultVariant().options().color()))
                .setLimits(Limits.newBuilder()
                        .setMaxInboundMessageBytes(MessageLimits.DEFAULT_BYTES)
                        .setDefaultSubscriberMessageBytes(MessageLimits.DEFAULT_BYTES)
                        .setMaxSubscribers(subscribers.max()));
        for (FrameHub hub : cameras.all()) {
            var info = hub.sourceInfo();
            response.addCameras(CameraInfo.newBuilder()
                    .setName(hub.name())
                    .setSource(info.description())
                    .setWidth(info.width())
                    .setHeight(info.height())
                    .setFps(info.fps())
                    .setLive(hub.live())
                    .setSubscribers(hub.subscriberCount())
                    .setPublished(hub.source() instanceof PublishedSource));
        }
        for (EncoderProvider provider : encoders.all()) {
            var availability = provider.availability();
            EncoderInfo.Builder encoder = EncoderInfo.newBuilder()
                    .setName(provider.name())
                    .setDescription(provider.description())
                    .setAvailable(availability.available())
                    .setUnavailableReason(availability.reason())
                    .setPriority(provider.priority())
                    .setMinQuality(provider.minQuality())
                    .setMaxQuality(provider.maxQuality());
            provider.colorModes().forEach(mode -> encoder.addColors(toProto(mode)));
            response.addEncoders(encoder);
        }
        return response.build();
    }

    static io.camstream.protocol.v1.ColorMode toProto(ColorMode mode) {
        return mode == ColorMode.GRAY
                ? io.camstream.protocol.v1.ColorMode.COLOR_MODE_GRAY
                : io.camstream.protocol.v1.ColorMode.COLOR_MODE_COLOR;
    }

    static ColorMode fromProto(io.camstream.protocol.v1.ColorMode color) {
        return switch (color) {
            case COLOR_MODE_GRAY -> ColorMode.GRAY;
            case COLOR_MODE_COLOR -> ColorMode.COLOR;
            case COLOR_MODE_UNSPECIFIED, UNRECOGNIZED -> null;
        };
    }
}
