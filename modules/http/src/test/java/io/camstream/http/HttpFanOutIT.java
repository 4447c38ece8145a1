package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many viewers of one 30 fps camera, read by one selector thread that counts bytes and throws them
 * away: every viewer gets the same stream, at the camera's rate, and the figures say what the server
 * spent on them (the process's CPU less the reading thread's).
 */
@Timeout(120)
class HttpFanOutIT {

    private static final int VIEWERS = Integer.getInteger("camstream.it.viewers", 200);
    private static final long MEASURE_MILLIS = 10_000;

    @Test
    void everyViewerGetsTheCameraRate() throws Exception {
        try (HttpFixture server = HttpFixture.start(hub -> hub.maxSubscribers(VIEWERS)
                .camera("front", new TestPatternSource(640, 480, 30)), http -> http)) {
            AtomicLongArray received = new AtomicLongArray(VIEWERS);
            AtomicBoolean reading = new AtomicBoolean(true);
            Selector selector = Selector.open();
            for (int i = 0; i < VIEWERS; i++) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        server.port()));
                channel.write(ByteBuffer.wrap("GET /stream HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_READ, i);
            }
            long[] readerCpu = new long[1];
            Thread reader = new Thread(() -> {
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
                try {
                    while (reading.get()) {
                        selector.select(100);
                        for (SelectionKey key : selector.selectedKeys()) {
                            buffer.clear();
                            int read = ((SocketChannel) key.channel()).read(buffer);
                            if (read > 0) {
                                received.addAndGet((Integer) key.attachment(), read);
                            }
                        }
                        selector.selectedKeys().clear();
                        readerCpu[0] = threads.getCurrentThreadCpuTime();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, "fan-out reader");
            reader.start();
            try {
                Thread.sleep(3000);
                assertEquals(VIEWERS, server.hub.activeSubscribers());
                long[] start = snapshot(received);
                long cpuStart = processCpuNanos();
                long readerStart = readerCpu[0];
                long sequenceStart = server.hub.defaultCamera().latest().sequence();
                long wallStart = System.nanoTime();
                // The pictures' sizes vary with the pattern's motion: their mean over the same time gives the rate.
                long sampled = 0;
                int samples = 0;
                while (System.nanoTime() - wallStart < MEASURE_MILLIS * 1_000_000) {
                    sampled += server.bytes("/snapshot").body().length;
                    samples++;
                    Thread.sleep(100);
                }
                double partBytes = (double) sampled / samples + 200;
                double seconds = (System.nanoTime() - wallStart) / 1e9;
                double cameraFps = (server.hub.defaultCamera().latest().sequence() - sequenceStart) / seconds;
                double serverCpu = (processCpuNanos() - cpuStart - (readerCpu[0] - readerStart)) / 1e9 / seconds;
                double readerShare = (readerCpu[0] - readerStart) / 1e9 / seconds;
                long[] end = snapshot(received);
                double[] fps = new double[VIEWERS];
                for (int i = 0; i < VIEWERS; i++) {
                    fps[i] = (end[i] - start[i]) / partBytes / seconds;
                }
                double slowest = Arrays.stream(fps).min().orElseThrow();
                double fastest = Arrays.stream(fps).max().orElseThrow();
                System.out.printf("%d viewers of a %.1f fps camera (parts of ~%.0f KiB): %.1f to %.1f parts/s each;"
                        + " server %.0f%% of a core (reader %.0f%%), %d threads, %.1f MiB heap in use%n", VIEWERS,
                        cameraFps, partBytes / 1024, slowest, fastest, serverCpu * 100, readerShare * 100,
                        Thread.activeCount(), usedHeap() / 1048576.0);
                System.out.println("threads: " + ThreadCensus.byName());
                System.out.println("camstream-http threads doing: " + ThreadCensus.httpThreadsDoing());
                assertTrue(slowest >= 0.8 * fastest, "viewers are served unevenly: " + slowest + " vs " + fastest);
                assertTrue(slowest >= 0.5 * cameraFps, "a viewer got " + slowest + " of " + cameraFps + " fps");
            } finally {
                reading.set(false);
                reader.join(5000);
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                selector.close();
            }
        }
    }

    private static long[] snapshot(AtomicLongArray counts) {
        long[] copy = new long[counts.length()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = counts.get(i);
        }
        return copy;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
