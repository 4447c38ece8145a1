package io.camstream.cli;

import io.camstream.server.CamstreamServer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code camstream server}'s limits on what one client may cost it (README's "Limits" table). A flag
 * not given leaves {@link CamstreamServer.Builder}'s default, which its description states; the
 * builder checks each value, and a value it refuses is a usage error naming the flag.
 */
final class ServerLimitOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--max-pixels", paramLabel = "WxH|N", converter = PixelCount.class,
            description = "Largest picture a source or publisher may deliver, as WxH or a pixel count; a published "
                    + "JPEG claiming more is refused from its header, before any decoding. Default: 8192x8192.")
    Long maxPixels;

    @Option(names = "--publish-claim-timeout", paramLabel = "SECONDS", converter = NumberConverters.Seconds.class,
            description = "A publisher that sends no usable frame for this long loses its camera to the next "
                    + "(at least 2). Default: 5.")
    Double publishClaimTimeout;

    @Option(names = "--max-variants", paramLabel = "N",
            description = "Encoder, quality and colour combinations one camera may be watched in at once; a "
                    + "subscriber asking for another gets RESOURCE_EXHAUSTED naming those in use (the default "
                    + "encoder and quality always get in). 0 for no limit. Default: 16.")
    Integer maxVariants;

    @Option(names = "--max-calls-per-connection", paramLabel = "N",
            description = "Concurrent calls on one connection (HTTP/2 MAX_CONCURRENT_STREAMS). Default: 100.")
    Integer maxCallsPerConnection;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            description = "Open connections from one client address (IPv6: its /64); 0 for no limit. Default: 100.")
    Integer maxConnectionsPerAddress;

    @Option(names = "--max-streams-per-address", paramLabel = "N",
            description = "Concurrent calls from one client address over all its connections; more get "
                    + "RESOURCE_EXHAUSTED. 0 for no limit. Default: 100.")
    Integer maxStreamsPerAddress;

    @Option(names = "--limit-loopback",
            description = "Apply the per-address limits to clients on this machine too (they are exempt by default).")
    boolean limitLoopback;

    @Option(names = "--handshake-timeout", paramLabel = "SECONDS", converter = NumberConverters.Seconds.class,
            description = "A new connection must finish TLS and start HTTP/2 within this. Default: 10.")
    Double handshakeTimeout;

    @Option(names = "--max-connection-idle", paramLabel = "SECONDS", converter = NumberConverters.Seconds.class,
            description = "Close a connection with no call for this long. Default: 120.")
    Double maxConnectionIdle;

    @Option(names = "--max-resets-per-10s", paramLabel = "N",
            description = "Close a connection whose client resets more streams than this in 10 s (HTTP/2 rapid "
                    + "reset); 0 for no limit. Default: 2000.")
    Integer maxResetsPer10s;

    @Option(names = "--max-waiting-snapshots", paramLabel = "N",
            description = "Snapshots waiting for a camera's first frame at once; more get RESOURCE_EXHAUSTED. "
                    + "0 for no limit. Default: 1000.")
    Integer maxWaitingSnapshots;

    @Option(names = "--snapshot-wait", paramLabel = "SECONDS", converter = NumberConverters.Seconds.class,
            description = "How long a snapshot waits for a camera's first frame. Default: 5.")
    Double snapshotWait;

    /** Sets every limit given on the command line. */
    void applyTo(CamstreamServer.Builder builder) {
        set("--max-pixels", maxPixels, builder::maxPixels);
        set("--publish-claim-timeout", publishClaimTimeout, seconds -> builder.publishClaimTimeout(duration(seconds)));
        set("--max-variants", maxVariants, builder::maxVariants);
        set("--max-calls-per-connection", maxCallsPerConnection, builder::maxConcurrentCallsPerConnection);
        set("--max-connections-per-address", maxConnectionsPerAddress, builder::maxConnectionsPerAddress);
        set("--max-streams-per-address", maxStreamsPerAddress, builder::maxStreamsPerAddress);
        builder.limitLoopback(limitLoopback);
        set("--handshake-timeout", handshakeTimeout, seconds -> builder.handshakeTimeout(duration(seconds)));
        set("--max-connection-idle", maxConnectionIdle, seconds -> builder.maxConnectionIdle(duration(seconds)));
        set("--max-resets-per-10s", maxResetsPer10s,
                max -> builder.maxRstFramesPerWindow(max, Duration.ofSeconds(10)));
        set("--max-waiting-snapshots", maxWaitingSnapshots, builder::maxWaitingSnapshots);
        set("--snapshot-wait", snapshotWait, seconds -> builder.snapshotWait(duration(seconds)));
    }

    private <T> void set(String flag, T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
        }
    }

    private static Duration duration(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** "8192x8192" or "67108864": a picture size, or its pixel count. */
    static final class PixelCount implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String given = value.strip().toLowerCase(Locale.ROOT);
            try {
                int times = given.indexOf('x');
                long pixels = times < 0 ? Long.parseLong(given)
                        : Math.multiplyExact(Long.parseLong(given.substring(0, times)),
                                Long.parseLong(given.substring(times + 1)));
                if (pixels < 1) {
                    throw new TypeConversionException("'" + value + "' is out of range: a picture has at least "
                            + "one pixel");
                }
                return pixels;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new TypeConversionException("'" + value + "' is not a picture size (WxH, such as 8192x8192) "
                        + "or a pixel count");
            }
        }
    }
}
