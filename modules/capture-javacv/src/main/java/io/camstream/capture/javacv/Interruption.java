package io.camstream.capture.javacv;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg's interrupt callback for one input: a blocking open or read returns (with
 * {@code AVERROR_EXIT}) once the input is closed from another thread or the call has run past its
 * deadline. FFmpeg's own socket timeouts do not cover everything (RTSP over UDP waits for packets
 * without one), so this is what keeps {@code close()} and a dead camera from hanging a thread.
 *
 * <p>One native callback serves every input: JavaCPP backs each callback instance with a native
 * thunk from a small fixed pool, so one per reconnect would run out. Each input passes its own
 * one-byte native token as the callback's {@code opaque} pointer, and the callback finds the input
 * by the token's address.
 */
final class Interruption implements AutoCloseable {

    private static final Map<Long, Interruption> BY_TOKEN = new ConcurrentHashMap<>();
    private static final AVIOInterruptCB.Callback_Pointer CALLBACK = new AVIOInterruptCB.Callback_Pointer() {
        @Override
        public int call(Pointer opaque) {
            Interruption interruption = opaque == null ? null : BY_TOKEN.get(opaque.address());
            return interruption != null && interruption.due() ? 1 : 0;
        }
    };

    private final BytePointer token = new BytePointer(1);
    private volatile boolean stopped;
    private volatile long deadlineNanos;
    private volatile boolean deadlineSet;
    private volatile boolean timedOut;

    /** Installs the callback on an input that is not opened yet. */
    Interruption(AVFormatContext input) {
        BY_TOKEN.put(token.address(), this);
        input.interrupt_callback().callback(CALLBACK);
        input.interrupt_callback().opaque(token);
    }

    /** Gives the next blocking calls until {@code limit} from now, and clears an earlier time-out. */
    void deadlineIn(Duration limit) {
        timedOut = false;
        deadlineNanos = System.nanoTime() + limit.toNanos();
        deadlineSet = true;
    }

    /** No deadline for the calls that follow (local files). */
    void noDeadline() {
        timedOut = false;
        deadlineSet = false;
    }

    /** Makes every blocking call of this input return as soon as FFmpeg next asks. */
    void stop() {
        stopped = true;
    }

    boolean stopped() {
        return stopped;
    }

    /** Whether the last interrupted call was interrupted by its deadline (not by {@link #stop()}). */
    boolean timedOut() {
        return timedOut;
    }

    private boolean due() {
        if (stopped) {
            return true;
        }
        if (deadlineSet && System.nanoTime() - deadlineNanos > 0) {
            timedOut = true;
            return true;
        }
        return false;
    }

    /** Forgets the input; call after FFmpeg has closed it, never while a call may still ask. */
    @Override
    public void close() {
        BY_TOKEN.remove(token.address());
        token.close();
    }
}
