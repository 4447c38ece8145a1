package io.camstream.cli;

import io.camstream.protocol.v1.ColorMode;
import io.camstream.protocol.v1.SnapshotRequest;
import io.camstream.protocol.v1.SubscribeRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Which camera, and which variant of its pictures, {@code view}, {@code snapshot} and {@code record} ask for:
 * the same flags, meaning the same, for all three. Anything not given is the server's default.
 */
final class FrameRequestOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--camera", paramLabel = "NAME", description = "The camera. Default: the server's first.")
    String camera;

    @Option(names = "--encoder", paramLabel = "NAME",
            description = "Ask for this encoder plugin. Default: the server's.")
    String encoder;

    @Option(names = "--quality", description = "Ask for this JPEG quality, 1-100. Default: the server's.")
    Integer quality;

    @Option(names = "--color", description = "Ask for colour instead of the server's default (gray unless the "
            + "server has --color).")
    boolean color;

    @Option(names = "--max-size", paramLabel = "WxH", converter = FrameSize.Converter.class,
            description = "Ask for pictures downscaled to fit WxH (aspect kept).")
    FrameSize maxSize;

    /** @throws ParameterException for a quality out of range */
    void validate() {
        if (quality != null && (quality < 1 || quality > 100)) {
            throw new ParameterException(command.commandLine(), "--quality must be between 1 and 100, got " + quality);
        }
    }

    SnapshotRequest snapshot() {
        SnapshotRequest.Builder request = SnapshotRequest.newBuilder();
        if (camera != null) {
            request.setCamera(camera);
        }
        if (encoder != null) {
            request.setEncoder(encoder);
        }
        if (quality != null) {
            request.setQuality(quality);
        }
        if (color) {
            request.setColor(ColorMode.COLOR_MODE_COLOR);
        }
        if (maxSize != null) {
            request.setMaxWidth(maxSize.width()).setMaxHeight(maxSize.height());
        }
        return request.build();
    }

    /** The same as a subscription; the caller adds what only streams have (a maximum rate). */
    SubscribeRequest.Builder subscribe() {
        SnapshotRequest snapshot = snapshot();
        return SubscribeRequest.newBuilder().setCamera(snapshot.getCamera()).setEncoder(snapshot.getEncoder())
                .setQuality(snapshot.getQuality()).setColor(snapshot.getColor()).setMaxWidth(snapshot.getMaxWidth())
                .setMaxHeight(snapshot.getMaxHeight());
    }

    /** Whether any of these was given (a protocol without options, the original sample's, takes none). */
    boolean anyGiven() {
        return camera != null || encoder != null || quality != null || color || maxSize != null;
    }

    /** The camera as messages name it. */
    String cameraShown() {
        return camera == null ? "the first camera" : "camera '" + camera + "'";
    }
}
