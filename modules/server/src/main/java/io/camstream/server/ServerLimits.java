package io.camstream.server;

import java.time.Duration;

/**
 * What one client may cost the server: the limits {@link CamstreamServer.Builder} sets, with their
 * defaults and checks, in one place. The builder documents each; {@link NettyTransport},
 * {@link AddressLimits} and {@link SnapshotWaits} enforce them.
 */
final class ServerLimits {

    /** HTTP/2 MAX_CONCURRENT_STREAMS: RFC 9113 recommends no less than 100, and one viewer needs one. */
    int maxCallsPerConnection = 100;
    /** Enough for a busy NAT or a load test from another machine; far below a process's descriptors. */
    int maxConnectionsPerAddress = 100;
    /** Half of the default 200 subscriber slots: one address can never take them all. */
    int maxStreamsPerAddress = 100;
    /** Loopback clients are this machine's users, and all look alike; see {@link #limitLoopback}. */
    boolean limitLoopback;
    /** Time for a new connection to finish TLS and HTTP/2's preface; a real client needs milliseconds. */
    Duration handshakeTimeout = Duration.ofSeconds(10);
    /** A connection with no call for this long is closed (a client reconnects by itself when it needs to). */
    Duration maxConnectionIdle = Duration.ofMinutes(2);
    /**
     * HTTP/2 rapid reset: more RST_STREAM frames than this per window on one connection closes it.
     * Netty's own default, 200 per 30 s, is too tight for camstream's legacy client, which ends every
     * one-frame call with a reset; a few percent of those arrive before the server's end of the call
     * and count, and at full speed (~1,300 calls/s) 200 per 10 s cut it off within 8 s. 2,000 per 10 s
     * still stops a flood (the probe reset 23,700 streams/s) at 200/s, then forces a reconnection.
     */
    int maxRstFrames = 2000;
    Duration rstWindow = Duration.ofSeconds(10);
    /** Snapshots waiting for a camera's first frame, server-wide: each is cheap, but not free. */
    int maxWaitingSnapshots = 1000;
    /** How long a snapshot waits for the first frame of a camera that has just started. */
    Duration snapshotWait = Duration.ofSeconds(5);

    void maxCallsPerConnection(int max) {
        this.maxCallsPerConnection = positive(max, "max calls per connection");
    }

    void maxConnectionsPerAddress(int max) {
        this.maxConnectionsPerAddress = notNegative(max, "max connections per address");
    }

    void maxStreamsPerAddress(int max) {
        this.maxStreamsPerAddress = notNegative(max, "max streams per address");
    }

    void limitLoopback(boolean limit) {
        this.limitLoopback = limit;
    }

    void handshakeTimeout(Duration timeout) {
        this.handshakeTimeout = positive(timeout, "handshake timeout");
    }

    void maxConnectionIdle(Duration idle) {
        this.maxConnectionIdle = positive(idle, "max connection idle");
    }

    void maxRstFramesPerWindow(int max, Duration window) {
        positive(window, "reset window");
        if (window.toSeconds() < 1 || window.toNanos() % 1_000_000_000L != 0) {
            throw new IllegalArgumentException("the reset window must be whole seconds, got " + window);
        }
        this.maxRstFrames = notNegative(max, "max RST_STREAM frames per window");
        this.rstWindow = window;
    }

    void maxWaitingSnapshots(int max) {
        this.maxWaitingSnapshots = notNegative(max, "max waiting snapshots");
    }

    void snapshotWait(Duration wait) {
        if (wait.isNegative()) {
            throw new IllegalArgumentException("snapshot wait must not be negative, got " + wait);
        }
        this.snapshotWait = wait;
    }

    private static int positive(int value, String what) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }

    private static int notNegative(int value, String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative (0: no limit), got " + value);
        }
        return value;
    }

    private static Duration positive(Duration value, String what) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + value);
        }
        return value;
    }
}
