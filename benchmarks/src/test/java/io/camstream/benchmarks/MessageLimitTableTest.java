package io.camstream.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.camstream.encode.ColorMode;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MessageLimitTableTest {

    private static List<MessageLimitTable.Row> rows;
    private static long available;

    @BeforeAll
    static void measureOnce() {
        Encoders encoders = Encoders.discover();
        available = encoders.all().stream().map(EncoderProvider::availability).filter(a -> a.available()).count();
        rows = MessageLimitTable.measure(encoders, List.of(new Resolution(320, 240)), List.of(50, 100));
    }

    @Test
    void everyAvailableEncoderColourAndQualityHasARow() {
        assertTrue(available >= 1, "the class path holds at least the imageio plugin");
        assertEquals(available * 2 * 2, rows.size());
        for (ColorMode color : ColorMode.values()) {
            assertTrue(rows.stream().anyMatch(r -> r.color() == color && r.quality() == 50));
        }
    }

    @Test
    void sizesAreConsistent() {
        for (MessageLimitTable.Row r : rows) {
            assertTrue(r.jpegBytes() > 1000, "a textured 320x240 JPEG is not tiny: " + r);
            assertEquals(4 * ((r.jpegBytes() + 2) / 3), r.base64Bytes(), "base64 length of " + r);
            assertTrue(r.messageBytes() > r.base64Bytes() && r.messageBytes() <= r.base64Bytes() + 6,
                    "Reply framing of " + r);
            assertEquals(100.0 * r.messageBytes() / 4_194_304, r.percentOfLimit(), 1e-9);
            assertEquals(r.messageBytes() <= 4_194_304, r.fits());
        }
        MessageLimitTable.Row low = find("GRAY", 50);
        MessageLimitTable.Row high = find("GRAY", 100);
        assertTrue(high.jpegBytes() > low.jpegBytes(), "quality 100 is larger than quality 50");
        assertTrue(high.largestFitting() && !low.largestFitting(), "a 320x240 frame fits at quality 100");
    }

    @Test
    void marksOnlyTheHighestQualityThatFits() {
        List<MessageLimitTable.Row> marked = MessageLimitTable.markLargestFitting(List.of(
                synthetic(50, true), synthetic(75, true), synthetic(100, false)));
        assertEquals(List.of(false, true, false), marked.stream().map(MessageLimitTable.Row::largestFitting).toList());

        List<MessageLimitTable.Row> none = MessageLimitTable.markLargestFitting(List.of(synthetic(50, false)));
        assertFalse(none.get(0).largestFitting());
        assertEquals("none fits", MessageLimitTable.largestFitting(none).get("3840x2160 x GRAY"));
    }

    @Test
    void writesCsvAndJson(@TempDir Path directory) throws Exception {
        MessageLimitTable.write(rows, directory);
        List<String> csv = Files.readAllLines(directory.resolve("message-limit.csv"));
        assertEquals(rows.size() + 1, csv.size());
        assertTrue(csv.get(0).startsWith("encoder,resolution,color,quality,jpeg_bytes,base64_bytes"));
        JsonObject json = JsonParser.parseString(Files.readString(directory.resolve("message-limit.json")))
                .getAsJsonObject();
        assertEquals(4_194_304, json.get("limit_bytes").getAsInt());
        assertEquals(rows.size(), json.getAsJsonArray("rows").size());
        assertTrue(MessageLimitTable.format(rows).contains("<- largest that fits"));
    }

    private static MessageLimitTable.Row find(String color, int quality) {
        return rows.stream().filter(r -> r.color().name().equals(color) && r.quality() == quality)
                .findFirst().orElseThrow();
    }

    private static MessageLimitTable.Row synthetic(int quality, boolean fits) {
        return new MessageLimitTable.Row("x", "3840x2160", ColorMode.GRAY, quality, 1, 4, 6, 0.0, fits, false);
    }
}
