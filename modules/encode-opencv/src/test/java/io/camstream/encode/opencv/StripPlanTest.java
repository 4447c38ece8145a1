package io.camstream.encode.opencv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StripPlanTest {

    private static final StripPlan.Limits TWO_CORES = new StripPlan.Limits(2, 1_000_000, 2);

    @Test
    void a4kGrayFrameIsCutInTwoHalvesOfWholeMcuRows() {
        StripPlan plan = StripPlan.of(3840, 2160, 8, 8, 0xFFFF, TWO_CORES);
        assertEquals(2, plan.strips());
        assertEquals(1080, plan.stripHeight());
        assertEquals(1080, plan.rows(1));
    }

    @Test
    void colourStripsAreWholeSixteenRowMcusAndTheLastTakesTheRest() {
        StripPlan plan = StripPlan.of(1920, 1080, 16, 8, 0xFFFF, TWO_CORES);
        assertEquals(2, plan.strips());
        assertEquals(544, plan.stripHeight()); // 34 MCU rows; 1080 is 67.5 of them
        assertEquals(536, plan.rows(1));
    }

    @Test
    void framesBelowAMegapixelAreEncodedInOnePass() {
        assertEquals(1, StripPlan.of(1000, 750, 8, 8, 0xFFFF, TWO_CORES).strips());
        assertEquals(2, StripPlan.of(1280, 800, 8, 8, 0xFFFF, TWO_CORES).strips());
    }

    @Test
    void tooFewMcuRowsPerStripMeansOnePass() {
        assertEquals(1, StripPlan.of(100_000, 24, 8, 8, 0xFFFF, TWO_CORES).strips()); // 3 MCU rows
    }

    @Test
    void noStripHoldsMoreMcusThanARestartIntervalCanCount() {
        StripPlan plan = StripPlan.of(7680, 4320, 8, 8, 0xFFFF, TWO_CORES);
        long mcusPerStrip = (7680 / 8) * (plan.stripHeight() / 8);
        assertTrue(mcusPerStrip <= 0xFFFF, mcusPerStrip + " MCUs in a strip");
        assertTrue(plan.strips() > 2, "8K needs more strips than cores: " + plan.strips());
        assertEquals(4320, plan.top(plan.strips() - 1) + plan.rows(plan.strips() - 1));
    }
}
