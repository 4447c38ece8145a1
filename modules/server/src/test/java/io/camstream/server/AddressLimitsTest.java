package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AddressLimitsTest {

    private final AddressLimits limits = new AddressLimits(2, 5, false);

    @Test
    void clientsCountByAddressAndIpv6ByItsSlash64() {
        assertEquals("192.0.2.7", limits.keyOf(new InetSocketAddress("192.0.2.7", 40000)));
        assertEquals(limits.keyOf(new InetSocketAddress("2001:db8:1:2::1", 1)),
                limits.keyOf(new InetSocketAddress("2001:db8:1:2:ffff:ffff:ffff:ffff", 2)));
        assertEquals("2001:db8:1:2:0:0:0:0/64", limits.keyOf(new InetSocketAddress("2001:db8:1:2::1", 1)));
    }

    @Test
    void loopbackIsExemptUnlessAsked() {
        assertNull(limits.keyOf(new InetSocketAddress("127.0.0.1", 1)));
        assertNull(limits.keyOf(new InetSocketAddress("::1", 1)));
        assertEquals("127.0.0.1", new AddressLimits(2, 5, true).keyOf(new InetSocketAddress("127.0.0.1", 1)));
    }

    @Test
    void connectionsPastTheLimitAreRefusedUntilOneCloses() {
        InetSocketAddress client = new InetSocketAddress("192.0.2.7", 1);
        Runnable first = limits.admitConnection(client);
        assertNotNull(first);
        assertNotNull(limits.admitConnection(new InetSocketAddress("192.0.2.7", 2)));
        assertNull(limits.admitConnection(new InetSocketAddress("192.0.2.7", 3)));
        assertNotNull(limits.admitConnection(new InetSocketAddress("192.0.2.8", 3)), "another address");
        first.run();
        first.run(); // closing twice frees one place, not two
        assertEquals(1, limits.connections("192.0.2.7"));
        assertNotNull(limits.admitConnection(client));
        assertNull(limits.admitConnection(client));
    }

    @Test
    void limitsAreChecked() {
        CamstreamServer.Builder builder = CamstreamServer.builder();
        assertThrows(IllegalArgumentException.class, () -> builder.maxConcurrentCallsPerConnection(0));
        assertThrows(IllegalArgumentException.class, () -> builder.maxStreamsPerAddress(-1));
        assertThrows(IllegalArgumentException.class, () -> builder.handshakeTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> builder.maxRstFramesPerWindow(100, Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> builder.snapshotWait(Duration.ofSeconds(-1)));
    }
}
