package io.camstream.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    @Test
    void parsesWhatItPrints() {
        assertEquals(new Resolution(1920, 1080), Resolution.parse("1920X1080"));
        assertEquals("3840x2160", new Resolution(3840, 2160).toString());
        assertEquals(List.of(new Resolution(640, 480), new Resolution(1280, 720)),
                Resolution.parseList("640x480, 1280x720"));
        assertEquals(4, Resolution.STANDARD.size());
    }

    @Test
    void rejectsNonsenseWithTheExpectedForm() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resolution.parse("640*480"));
        assertTrue(e.getMessage().contains("640x480"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Resolution.parse("0x480"));
    }
}
