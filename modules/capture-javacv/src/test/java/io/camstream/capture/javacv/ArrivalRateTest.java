package io.camstream.capture.javacv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The rate measurement on made-up arrival times (milliseconds after the start), no stream needed. */
class ArrivalRateTest {

    private static final long START = 1_000_000_000L;

    @Test
    void skipsTheBurstOfBufferedFramesAndMeasuresThePaceAfterIt() {
        ArrivalRate rate = new ArrivalRate(START);
        for (int i = 0; i < 20; i++) {
            rate.arrived(at(5 + i * 0.1)); // twenty frames FFmpeg buffered while probing
        }
        double[] arrivals = steady(15, 40, 200);
        for (double arrival : arrivals) {
            rate.arrived(at(arrival));
        }
        assertTrue(rate.done(at(arrivals[arrivals.length - 1])));
        assertEquals(15, rate.fps(), 1e-9, "whole: within 2% of 15");
    }

    @Test
    void oneLateFrameHardlyMovesTheRate() {
        ArrivalRate rate = new ArrivalRate(START);
        double[] arrivals = steady(8, 5, 50);
        arrivals[1] += 60; // half a period late: a busy machine, not the camera
        for (double arrival : arrivals) {
            rate.arrived(at(arrival));
        }
        assertEquals(8, rate.fps(), 1e-9, "even among only four intervals");
    }

    @Test
    void aSenderBatchingFramesInPairsStillAveragesOut() {
        ArrivalRate rate = new ArrivalRate(START);
        for (int pair = 0; pair < 8; pair++) {
            rate.arrived(at(100 + pair * 200));
            rate.arrived(at(100 + pair * 200 + 5)); // 10 fps, two frames at a time
        }
        assertEquals(10, rate.fps(), 0.2);
    }

    @Test
    void aRateThatIsNotWholeStaysAsMeasured() {
        ArrivalRate rate = new ArrivalRate(START);
        for (double arrival : steady(12.5, 20, 10)) {
            rate.arrived(at(arrival));
        }
        assertEquals(12.5, rate.fps(), 1e-6);
    }

    @Test
    void waitsForASecondAndTenIntervalsButNoLongerThanTheLimit() {
        ArrivalRate rate = new ArrivalRate(START);
        double[] arrivals = steady(30, 12, 10); // 11 intervals in 0.37 s
        for (double arrival : arrivals) {
            rate.arrived(at(arrival));
        }
        assertFalse(rate.done(at(arrivals[arrivals.length - 1])), "not a second yet");
        assertTrue(rate.done(at(3000)), "the limit");
        assertEquals(30, rate.fps(), 1e-9, "measured anyway");
    }

    @Test
    void aFirstEstimateComesAfterHalfASecondAndFourIntervals() {
        ArrivalRate rate = new ArrivalRate(START);
        double[] arrivals = steady(8, 5, 100); // 4 intervals, 0.5 s
        for (int i = 0; i < arrivals.length - 1; i++) {
            rate.arrived(at(arrivals[i]));
            assertFalse(rate.estimated(at(arrivals[i])), "frame " + i);
        }
        rate.arrived(at(arrivals[arrivals.length - 1]));
        assertTrue(rate.estimated(at(arrivals[arrivals.length - 1])));
        assertFalse(rate.done(at(arrivals[arrivals.length - 1])), "refining goes on");
        assertEquals(8, rate.fps(), 1e-9);
    }

    @Test
    void aStreamServedAllAtOnceHasNoMeasurableRate() {
        ArrivalRate rate = new ArrivalRate(START);
        for (int i = 0; i < 30; i++) {
            rate.arrived(at(1 + i * 0.05));
        }
        assertEquals(0, rate.fps());
        assertFalse(rate.done(at(2)));
        assertTrue(rate.done(at(3000)));
    }

    /** {@code count} arrivals {@code 1000 / fps} ms apart from {@code firstMillis}. */
    private static double[] steady(double fps, int count, double firstMillis) {
        double[] arrivals = new double[count];
        for (int i = 0; i < count; i++) {
            arrivals[i] = firstMillis + i * 1000 / fps;
        }
        return arrivals;
    }

    private static long at(double millis) {
        return START + Math.round(millis * TimeUnit.MILLISECONDS.toNanos(1));
    }
}
