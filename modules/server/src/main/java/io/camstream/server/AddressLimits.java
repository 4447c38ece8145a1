package io.camstream.server;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many connections, and how many concurrent calls over all of them, one client address may
 * have, so that one client (a squatter holding streams it never reads, or sockets it never uses)
 * cannot take every subscriber slot or every file descriptor from everyone else.
 *
 * <p>An IPv6 client counts by its /64 network: one host usually holds a whole /64, so counting
 * single addresses would not limit it at all. Loopback clients are exempt unless
 * {@code limitLoopback}: they are this machine's own users, every one of them looks like the same
 * address, and the default server listens on loopback only, so a limit there would just be a second,
 * smaller subscriber cap (and would stop the {@code view --subscribers N} load tool).
 */
final class AddressLimits implements ServerInterceptor {

    private static final System.Logger LOG = System.getLogger(AddressLimits.class.getName());

    private final int maxConnections;
    private final int maxStreams;
    private final boolean limitLoopback;
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Integer> streams = new ConcurrentHashMap<>();
    private final ThrottledLog refusedConnections = new ThrottledLog(LOG, Level.WARNING,
            "closed connections past the per-address limit");
    private final ThrottledLog refusedStreams = new ThrottledLog(LOG, Level.WARNING,
            "refused calls past the per-address limit");

    /**
     * @param maxConnections the most open connections per address; 0 for no limit
     * @param maxStreams the most concurrent calls per address; 0 for no limit
     * @param limitLoopback whether loopback clients count too
     */
    AddressLimits(int maxConnections, int maxStreams, boolean limitLoopback) {
        this.maxConnections = maxConnections;
        this.maxStreams = maxStreams;
        this.limitLoopback = limitLoopback;
    }

    /**
     * Counts a new connection from {@code remote}.
     *
     * @return what to run when it closes, or null when it is one too many and must be closed now
     */
    Runnable admitConnection(SocketAddress remote) {
        String key = maxConnections == 0 ? null : keyOf(remote);
        if (key == null) {
            return () -> {
            };
        }
        if (!acquire(connections, key, maxConnections)) {
            refusedConnections.record(key + " (limit " + maxConnections + ")");
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                release(connections, key);
            }
        };
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String key = maxStreams == 0 ? null : keyOf(call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        if (key == null) {
            return next.startCall(call, headers);
        }
        if (!acquire(streams, key, maxStreams)) {
            refusedStreams.record(key + " (limit " + maxStreams + ")");
            call.close(Status.RESOURCE_EXHAUSTED.withDescription("too many streams from " + key + " (limit "
                    + maxStreams + ")"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                release(streams, key);
            }
        };
        try {
            return new Counted<>(next.startCall(call, headers), release);
        } catch (RuntimeException | Error e) {
            release.run();
            throw e;
        }
    }

    /** Concurrent calls from that address now (for tests and diagnostics). */
    int streams(String key) {
        return streams.getOrDefault(key, 0);
    }

    /** Connections from that address now (for tests and diagnostics). */
    int connections(String key) {
        return connections.getOrDefault(key, 0);
    }

    /** The address (or IPv6 /64) a client counts under, or null when it is not limited. */
    String keyOf(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return null; // in-process and other transports without a network address
        }
        InetAddress address = socket.getAddress();
        if (address.isLoopbackAddress() && !limitLoopback) {
            return null;
        }
        if (address instanceof Inet6Address) {
            try {
                byte[] network = Arrays.copyOf(address.getAddress(), 16);
                Arrays.fill(network, 8, 16, (byte) 0);
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            } catch (UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    private static boolean acquire(ConcurrentHashMap<String, Integer> counts, String key, int max) {
        boolean[] admitted = new boolean[1];
        counts.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= max) {
                return count;
            }
            admitted[0] = true;
            return now + 1;
        });
        return admitted[0];
    }

    private static void release(ConcurrentHashMap<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
    }

    /** Frees the call's place when it ends, however it ends. */
    private static final class Counted<Q> extends ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
        private final Runnable release;

        Counted(ServerCall.Listener<Q> delegate, Runnable release) {
            super(delegate);
            this.release = release;
        }

        @Override
        public void onComplete() {
            release.run();
            super.onComplete();
        }

        @Override
        public void onCancel() {
            release.run();
            super.onCancel();
        }
    }
}
