package io.camstream.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TjbenchResultsTest {

    /** What tjbench 2.1.5 -quiet printed on this machine (runs appended, one setting repeated, as tjbench.sh does). */
    private static final String OUTPUT = """

            Warmup time = 0.2 seconds

            All performance values in Mpixels/sec

            Pixel      JPEG     JPEG  Image  Image   Comp    Comp    Decomp
            Format     Subsamp  Qual  Width  Height  Perf    Ratio   Perf

            BGR  (TD)  GRAY     95    640    480     259.4   3.416   N/A
            BGR  (TD)  GRAY     95    640    480     201.0   3.416   N/A

            Pixel      JPEG     JPEG  Image  Image   Comp    Comp    Decomp
            Format     Subsamp  Qual  Width  Height  Perf    Ratio   Perf

            BGR  (TD)  4:2:0    80    1920   1080    240.7   4.371   N/A
            tjbench: libjpeg-turbo-progs 1:2.1.5-2
            """;

    @Test
    void readsResultLinesAndSkipsTheRest() {
        TjbenchResults results = TjbenchResults.parse(OUTPUT);
        assertEquals(3, results.lines().size());
        assertEquals(2, results.best().size(), "one line per setting");
        TjbenchResults.Line gray = results.find("640x480", "GRAY", 95).orElseThrow();
        assertEquals(gray, results.best().get(0), "the fastest of repeated runs counts");
        assertEquals(259.4e6 / (640 * 480), gray.framesPerSecond(), 1e-6);
        TjbenchResults.Line color = results.find("1920x1080", "color", 80).orElseThrow();
        assertEquals("4:2:0", color.subsampling());
        assertTrue(results.find("640x480", "GRAY", 80).isEmpty());
    }

    @Test
    void aMissingFileMeansNoResults() throws Exception {
        assertTrue(TjbenchResults.read(Path.of("no/such/tjbench.txt")).lines().isEmpty());
        assertTrue(TjbenchResults.read(null).lines().isEmpty());
    }
}
