package io.camstream.benchmarks;

import com.google.gson.GsonBuilder;
import com.google.protobuf.CodedOutputStream;
import io.camstream.capture.Frame;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.FrameEncoder;
import io.camstream.encode.spi.EncoderProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which encoder, size, quality and colour settings fit gRPC's default 4 MiB message limit once the
 * JPEG is base64-encoded into the sample's {@code Reply.datas}: sizes, not times, so a plain
 * program rather than JMH. Each size is the largest of {@link TestFrames#DISTINCT} test-pattern
 * frames, because the limit has to hold for every frame, not the average one.
 *
 * <p>Usage: {@code MessageLimitTable [OUTPUT_DIRECTORY [WxH,...]]}; writes
 * {@code message-limit.csv} and {@code message-limit.json} there and prints the table.
 */
public final class MessageLimitTable {

    /** gRPC's default maximum inbound message size, which the sample's clients keep. */
    public static final int LIMIT_BYTES = 4 * 1024 * 1024;

    /** Qualities 50 to 100 in steps of 5. */
    public static final List<Integer> QUALITIES = IntStream.rangeClosed(10, 20).map(q -> q * 5).boxed().toList();

    /**
     * One setting's sizes.
     *
     * @param jpegBytes the largest JPEG over the test frames
     * @param base64Bytes its base64 length
     * @param messageBytes the serialized {@code Reply} carrying it (field tag and length included)
     * @param percentOfLimit {@code messageBytes} as a percentage of 4,194,304
     * @param fits whether the message is within the limit
     * @param largestFitting whether this is the highest quality that fits for its encoder, size and colour
     */
    public record Row(String encoder, String resolution, ColorMode color, int quality, int jpegBytes, int base64Bytes,
            int messageBytes, double percentOfLimit, boolean fits, boolean largestFitting) {
    }

    private MessageLimitTable() {
    }

    public static void main(String[] args) throws IOException {
        Path directory = Path.of(args.length > 0 ? args[0] : "benchmarks/target/results");
        List<Resolution> sizes = args.length > 1 ? Resolution.parseList(args[1]) : Resolution.STANDARD;
        List<Row> rows = measure(Encoders.discover(), sizes, QUALITIES);
        System.out.print(format(rows));
        write(rows, directory);
    }

    /** Encodes the test frames with every available encoder at every setting. */
    public static List<Row> measure(Encoders encoders, List<Resolution> sizes, List<Integer> qualities) {
        List<Row> rows = new ArrayList<>();
        for (Resolution size : sizes) {
            List<Frame> frames = TestFrames.bgr(size);
            for (EncoderProvider provider : encoders.all()) {
                if (!provider.availability().available()) {
                    continue;
                }
                for (ColorMode color : ColorMode.values()) {
                    rows.addAll(markLargestFitting(qualities.stream()
                            .map(quality -> row(provider, size, frames, quality, color)).toList()));
                }
            }
        }
        return rows;
    }

    private static Row row(EncoderProvider provider, Resolution size, List<Frame> frames, int quality,
            ColorMode color) {
        int jpegBytes = 0;
        try (FrameEncoder encoder = provider.create(new EncoderOptions(quality, color))) {
            for (Frame frame : frames) {
                jpegBytes = Math.max(jpegBytes, encoder.encode(frame).data().length);
            }
        }
        int base64Bytes = 4 * ((jpegBytes + 2) / 3);
        int messageBytes = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(base64Bytes)
                + base64Bytes;
        return new Row(provider.name(), size.toString(), color, quality, jpegBytes, base64Bytes, messageBytes,
                100.0 * messageBytes / LIMIT_BYTES, messageBytes <= LIMIT_BYTES, false);
    }

    /** Flags the highest quality that fits among rows of one encoder, size and colour. */
    static List<Row> markLargestFitting(List<Row> rows) {
        int best = rows.stream().filter(Row::fits).mapToInt(Row::quality).max().orElse(-1);
        return rows.stream().map(r -> r.quality() != best ? r : new Row(r.encoder(), r.resolution(), r.color(),
                r.quality(), r.jpegBytes(), r.base64Bytes(), r.messageBytes(), r.percentOfLimit(), r.fits(), true))
                .toList();
    }

    /** The table as fixed-width text, the largest fitting setting marked with an arrow. */
    public static String format(List<Row> rows) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-8s %-10s %-6s %4s %12s %12s %8s  %s%n",
                "encoder", "size", "color", "q", "jpeg bytes", "base64 bytes", "% of 4MiB", "fits"));
        for (Row r : rows) {
            out.append(String.format(Locale.ROOT, "%-8s %-10s %-6s %4d %,12d %,12d %8.1f  %s%s%n", r.encoder(),
                    r.resolution(), r.color(), r.quality(), r.jpegBytes(), r.base64Bytes(), r.percentOfLimit(),
                    r.fits() ? "yes" : "NO", r.largestFitting() ? "  <- largest that fits" : ""));
        }
        return out.toString();
    }

    /** The highest fitting quality per size, encoder and colour, e.g. {@code 3840x2160 opencv GRAY -> q95}. */
    public static Map<String, String> largestFitting(List<Row> rows) {
        Map<String, String> summary = new LinkedHashMap<>();
        for (Row r : rows) {
            String key = r.resolution() + " " + r.encoder() + " " + r.color();
            summary.putIfAbsent(key, "none fits");
            if (r.largestFitting()) {
                summary.put(key, "q" + r.quality() + String.format(Locale.ROOT, " (%.1f%%)", r.percentOfLimit()));
            }
        }
        return summary;
    }

    /** Writes {@code message-limit.csv} and {@code message-limit.json} into the directory. */
    public static void write(List<Row> rows, Path directory) throws IOException {
        Files.createDirectories(directory);
        String csv = "encoder,resolution,color,quality,jpeg_bytes,base64_bytes,message_bytes,percent_of_limit,fits,"
                + "largest_fitting\n" + rows.stream().map(r -> String.join(",", r.encoder(), r.resolution(),
                        r.color().name(), Integer.toString(r.quality()), Integer.toString(r.jpegBytes()),
                        Integer.toString(r.base64Bytes()), Integer.toString(r.messageBytes()),
                        String.format(Locale.ROOT, "%.2f", r.percentOfLimit()), Boolean.toString(r.fits()),
                        Boolean.toString(r.largestFitting())))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(directory.resolve("message-limit.csv"), csv);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("limit_bytes", LIMIT_BYTES);
        json.put("rows", rows);
        Files.writeString(directory.resolve("message-limit.json"),
                new GsonBuilder().setPrettyPrinting().create().toJson(json));
    }
}
