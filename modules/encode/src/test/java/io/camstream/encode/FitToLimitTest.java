package io.camstream.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ladder down to a size limit, with a fake encoder whose output size is simply
 * quality x width x height / 1000 bytes, so every step's size is known.
 */
class FitToLimitTest {

    /** What the fake encoder was asked for: quality, width, height. */
    private final List<String> encoded = new ArrayList<>();

    private int encode(int quality, int width, int height) {
        encoded.add(quality + "@" + width + "x" + height);
        return quality * width * height / 1000;
    }

    @Test
    void theLadderLowersQualityFirstThenSize() {
        List<FitToLimit.Step> ladder = FitToLimit.ladder(95);
        assertEquals(new FitToLimit.Step(95, 1.0), ladder.get(0));
        List<Integer> qualities = ladder.subList(1, 6).stream().map(FitToLimit.Step::quality).toList();
        assertEquals(List.of(90, 80, 70, 60, 50), qualities);
        List<FitToLimit.Step> smaller = ladder.subList(6, ladder.size());
        assertTrue(smaller.stream().allMatch(step -> step.quality() == 50 && step.scale() < 1), smaller.toString());
        assertEquals(new FitToLimit.Step(40, 1.0), FitToLimit.ladder(40).get(0), "a low quality is never raised");
        assertEquals(40, FitToLimit.ladder(40).get(1).quality(), "and shrinking keeps it");
    }

    @Test
    void aFittingFrameIsNotAdaptedAndAnOversizeOneTakesTheFirstStepThatFits() {
        FitToLimit fit = new FitToLimit();
        var asked = fit.fit("key", 1, 1000, 1000, 95, 95_000, this::encode, Integer::intValue);
        assertFalse(asked.adapted());
        assertEquals(95_000, asked.encoded());

        var smaller = fit.fit("key", 2, 1000, 1000, 95, 75_000, this::encode, Integer::intValue);
        assertTrue(smaller.adapted());
        assertEquals(70_000, smaller.encoded(), "quality 70 is the first step within 75,000 bytes");
    }

    @Test
    void theStepThatFitIsRememberedAndEveryThirtiethFrameStartsOver() {
        FitToLimit fit = new FitToLimit();
        fit.fit("key", 1, 1000, 1000, 95, 10_000, this::encode, Integer::intValue);
        encoded.clear();
        fit.fit("key", 2, 1000, 1000, 95, 10_000, this::encode, Integer::intValue);
        assertEquals(1, encoded.size(), "the next frame goes straight to the step that fit: " + encoded);
        encoded.clear();
        fit.fit("other", 2, 1000, 1000, 95, 10_000, this::encode, Integer::intValue);
        assertTrue(encoded.size() > 1, "another key remembers nothing: " + encoded);
        encoded.clear();
        fit.fit("key", FitToLimit.RETRY_EVERY, 1000, 1000, 95, 10_000, this::encode, Integer::intValue);
        assertEquals("95@1000x1000", encoded.get(0), "the 30th frame tries the asked settings again");
    }

    @Test
    void aLimitNothingFitsIsRefusedWithTheSmallestSizeReached() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new FitToLimit().fit("key", 1, 1000, 1000, 95, 10, this::encode, Integer::intValue));
        assertTrue(e.getMessage().startsWith("a 1000x1000 frame does not fit in 10 bytes"), e.getMessage());
    }
}
