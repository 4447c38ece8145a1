package io.camstream.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.camstream.capture.Frame;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What adapters derive from an encoded frame ({@link EncodedFrame#derived}) is made once per kind, and shared. */
@Timeout(30)
class DerivedFormTest {

    private record Serialized(int id) {
    }

    private record Headers(String text) {
    }

    private static EncodedFrame encoded() {
        Frame frame = new Frame(1, 1_000_000, 2, 2, PixelFormat.GRAY8, new byte[4], false, false);
        EncodedImage image = new EncodedImage(new byte[] {1, 2, 3}, "image/jpeg", 2, 2, ColorMode.GRAY, 10);
        return new EncodedFrame(frame, "c", "opencv", EncoderOptions.defaults(), image, 5, 6);
    }

    @Test
    void manySubscribersAskingAtOnceMakeItOnce() throws Exception {
        EncodedFrame frame = encoded();
        AtomicInteger made = new AtomicInteger();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Serialized>> forms = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                forms.add(pool.submit(() -> {
                    start.await();
                    return frame.derived(Serialized.class, f -> {
                        sleep(50); // long enough for every other thread to ask meanwhile
                        return new Serialized(made.incrementAndGet());
                    });
                }));
            }
            start.countDown();
            Serialized first = forms.get(0).get();
            for (Future<Serialized> form : forms) {
                assertSame(first, form.get());
            }
            assertEquals(1, made.get(), "made once");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachKindIsItsOwn() {
        EncodedFrame frame = encoded();
        Serialized serialized = frame.derived(Serialized.class, f -> new Serialized(7));
        Headers headers = frame.derived(Headers.class, f -> new Headers(f.camera() + ":" + f.frame().sequence()));
        assertEquals("c:1", headers.text());
        assertSame(serialized, frame.derived(Serialized.class, f -> new Serialized(8)));
        assertSame(headers, frame.derived(Headers.class, f -> new Headers("again")));
        assertThrows(NullPointerException.class, () -> frame.derived(String.class, f -> null));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
