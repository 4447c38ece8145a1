package io.camstream.capture;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

/** A test double that delivers, fails, hangs or ends as scripted, one behaviour per opening. */
final class FlakySource implements FrameSource {

    /** What one opening does: how it opens, and what its grabs do. */
    interface Behaviour {
        FrameSource open(SourceInfo info) throws IOException;
    }

    interface Grab {
        Frame next() throws IOException, InterruptedException;
    }

    /** The openings in order; the last one repeats. */
    static final class Script implements SupervisedSource.Opener {
        private final List<Behaviour> behaviours;
        private final AtomicInteger opens = new AtomicInteger();
        /** When each opening began and ended (returned or threw), by System.nanoTime(). */
        private final List<Long> openStarts = new CopyOnWriteArrayList<>();
        private final List<Long> openEnds = new CopyOnWriteArrayList<>();
        private volatile FrameSource last;

        Script(Behaviour... behaviours) {
            this.behaviours = List.of(behaviours);
        }

        @Override
        public FrameSource open() throws IOException {
            openStarts.add(System.nanoTime());
            try {
                int index = Math.min(opens.getAndIncrement(), behaviours.size() - 1);
                last = behaviours.get(index)
                        .open(new SourceInfo("flaky #" + opens.get(), 320, 240, 100, PixelFormat.BGR24));
                return last;
            } finally {
                openEnds.add(System.nanoTime());
            }
        }

        /** Milliseconds from the end of each opening to the start of the next. */
        List<Long> pausesBetweenOpensMillis() {
            return IntStream.range(1, Math.min(openStarts.size(), openEnds.size() + 1))
                    .mapToObj(i -> (openStarts.get(i) - openEnds.get(i - 1)) / 1_000_000).toList();
        }

        int opens() {
            return opens.get();
        }

        FrameSource last() {
            return last;
        }
    }

    private final SourceInfo info;
    private final Grab grab;
    private final CountDownLatch closed = new CountDownLatch(1);

    FlakySource(SourceInfo info, Grab grab) {
        this.info = info;
        this.grab = grab;
    }

    static Behaviour deliverThenThrow(int frames) {
        return info -> scripted(info, frames, () -> {
            throw new IOException("camera unplugged");
        });
    }

    static Behaviour deliverThenEnd(int frames) {
        return info -> scripted(info, frames, () -> {
            throw new EndOfSourceException("end of clip");
        });
    }

    static Behaviour deliverForever() {
        return info -> scripted(info, Integer.MAX_VALUE, () -> null);
    }

    static Behaviour failToOpen() {
        return info -> {
            throw new IOException("device busy");
        };
    }

    /** Waits before it fails, as a network source does while it listens for its first frame. */
    static Behaviour failToOpenAfter(long millis) {
        return info -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("no frame within " + millis + " ms");
        };
    }

    static Behaviour unavailable(String message) {
        return info -> {
            throw new SourceUnavailableException(message);
        };
    }

    /** Delivers frames, then blocks like a driver stuck in a read, until closed or interrupted. */
    static Behaviour deliverThenHang(int frames) {
        return info -> {
            FlakySource[] self = new FlakySource[1];
            self[0] = scripted(info, frames, () -> {
                self[0].closed.await();
                throw new IOException("closed while hung");
            });
            return self[0];
        };
    }

    private static FlakySource scripted(SourceInfo info, int frames, Grab after) {
        TestPatternSource pattern = new TestPatternSource(info.width(), info.height(), info.fps());
        AtomicInteger delivered = new AtomicInteger();
        return new FlakySource(info, () -> delivered.incrementAndGet() <= frames ? pattern.grab() : after.next());
    }

    @Override
    public SourceInfo info() {
        return info;
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        return grab.next();
    }

    @Override
    public void close() {
        closed.countDown();
    }
}
