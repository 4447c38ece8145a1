package io.camstream.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.TestPatternSource;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading for 30 s while ten others watch a 30 fps camera: the others keep the
 * camera's rate, the server's heap does not grow with the stall, and when the stalled client reads
 * again it gets the newest frames after at most its socket buffers' worth of old ones.
 */
@Timeout(120)
class HttpFlowControlIT {

    private static final int WATCHERS = 10;
    /**
     * Besides the one that resumes: more stalled connections, which must cost no more than it does; for
     * measuring, {@code -Dcamstream.it.stalled=189} fills the hub's 200 subscribers.
     */
    private static final int MORE_STALLED = Integer.getInteger("camstream.it.stalled", 20);
    private static final long STALL_MILLIS = 30_000;
    private static final int CLIENT_RECEIVE_BUFFER = 64 * 1024;

    @Test
    void aStalledClientCostsNobodyAnything() throws Exception {
        try (HttpFixture server = HttpFixture.start(hub -> hub.camera("front", new TestPatternSource(640, 480, 30)),
                http -> http)) {
            List<StreamWatcher> watchers = new ArrayList<>();
            List<RawHttp> stalled = new ArrayList<>();
            try {
                for (int i = 0; i < WATCHERS; i++) {
                    watchers.add(new StreamWatcher(server, "/stream"));
                }
                for (StreamWatcher watcher : watchers) {
                    assertTrue(watcher.awaitMoreThan(5, 5000), "every watcher gets frames");
                }
                long heapBefore = usedHeapAfterGc();
                int threadsBefore = Thread.activeCount();
                RawHttp resuming = new RawHttp(server.port(), CLIENT_RECEIVE_BUFFER);
                stalled.add(resuming);
                resuming.send("GET /stream HTTP/1.0\r\n\r\n");
                for (int i = 0; i < MORE_STALLED; i++) {
                    RawHttp more = new RawHttp(server.port(), CLIENT_RECEIVE_BUFFER);
                    more.send("GET /stream HTTP/1.0\r\n\r\n");
                    stalled.add(more);
                }
                Thread.sleep(5000); // the stalled ones fill their buffers
                long cpuStart = processCpuNanos();
                long wallStart = System.nanoTime();
                long cameraStart = server.hub.defaultCamera().latest().sequence();
                long[] partsStart = watchers.stream().mapToLong(w -> w.parts.get()).toArray();
                Thread.sleep(STALL_MILLIS - 5000);
                double seconds = (System.nanoTime() - wallStart) / 1e9;
                double cameraFps = (server.hub.defaultCamera().latest().sequence() - cameraStart) / seconds;
                double cpu = (processCpuNanos() - cpuStart) / 1e9 / seconds;
                long heapDuring = usedHeapAfterGc();
                int threadsDuring = Thread.activeCount();
                assertEquals(WATCHERS + 1 + MORE_STALLED, server.hub.activeSubscribers());
                double slowest = Double.MAX_VALUE;
                for (int i = 0; i < WATCHERS; i++) {
                    StreamWatcher watcher = watchers.get(i);
                    assertNull(watcher.failure.get());
                    slowest = Math.min(slowest, (watcher.parts.get() - partsStart[i]) / seconds);
                }
                System.out.printf("camera %.1f fps; slowest of %d watchers %.1f fps while %d clients stalled;"
                        + " heap %+.1f MiB (%.1f -> %.1f after GC); threads %d -> %d; process CPU %.0f%% of a core%n",
                        cameraFps, WATCHERS, slowest, 1 + MORE_STALLED, (heapDuring - heapBefore) / 1048576.0,
                        heapBefore / 1048576.0, heapDuring / 1048576.0, threadsBefore, threadsDuring, cpu * 100);
                // Jetty's pool grows with the watchers (their drains wait on one shared encode per frame), not with
                // the stalled clients, which hold no thread.
                System.out.println("threads: " + ThreadCensus.byName());
                System.out.println("camstream-http threads doing: " + ThreadCensus.httpThreadsDoing());
                assertTrue(cameraFps > 25, "the camera itself delivered " + cameraFps + " fps");
                assertTrue(slowest >= 0.9 * cameraFps,
                        "a watcher got " + slowest + " fps of the camera's " + cameraFps);
                assertTrue(heapDuring - heapBefore < 8 * 1024 * 1024,
                        "the heap grew by " + (heapDuring - heapBefore) + " bytes while clients stalled");
                assertResumesWithRecentFrames(resuming);
            } finally {
                for (StreamWatcher watcher : watchers) {
                    watcher.close();
                }
                for (RawHttp raw : stalled) {
                    raw.close();
                }
            }
        }
    }

    /** Reads again: old parts come only from the buffers, then the newest frames, after a jump in sequence. */
    private static void assertResumesWithRecentFrames(RawHttp resuming) throws Exception {
        long resumedMicros = System.currentTimeMillis() * 1000;
        RawHttp.Head head = resuming.head();
        assertEquals(200, head.status());
        MjpegReader reader = new MjpegReader(resuming.in(), head.header("Content-Type"));
        int staleParts = 0;
        long staleBytes = 0;
        long largest = 0;
        long lastStale = 0;
        MjpegReader.Part part = reader.next();
        while (part.captureMicros() < resumedMicros - 500_000) {
            staleParts++;
            staleBytes += part.body().length + 200;
            largest = Math.max(largest, part.body().length);
            lastStale = part.sequence();
            part = reader.next();
        }
        long jump = part.sequence() - lastStale;
        System.out.printf("on resuming: %d stale parts (%d KiB, the largest %d KiB), then a jump of %d frames%n",
                staleParts, staleBytes / 1024, largest / 1024, jump);
        // Kernels double the buffer sizes set; the server bounds its send buffer to 64 KiB, the client its receive
        // buffer; Jetty holds the one part in flight.
        long buffers = 2L * 64 * 1024 + 2L * CLIENT_RECEIVE_BUFFER + 2 * largest;
        assertTrue(staleBytes <= buffers, staleBytes + " bytes of stale parts; the buffers hold " + buffers);
        assertTrue(jump > 25 * (STALL_MILLIS / 1000) - 100, "the sequence jumped by only " + jump);
        long previous = part.sequence();
        for (int i = 0; i < 10; i++) {
            part = reader.next();
            assertTrue(part.sequence() > previous);
            assertTrue(part.captureMicros() > resumedMicros - 500_000, "a stale part after a fresh one");
            previous = part.sequence();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
