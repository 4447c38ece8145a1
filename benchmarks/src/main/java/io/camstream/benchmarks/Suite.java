package io.camstream.benchmarks;

import com.google.gson.GsonBuilder;
import io.camstream.benchmarks.fanout.Design;
import io.camstream.benchmarks.fanout.FanOut;
import io.camstream.benchmarks.fanout.FanOutResult;
import io.camstream.benchmarks.report.MachineInfo;
import io.camstream.benchmarks.report.Report;
import io.camstream.benchmarks.report.Score;
import io.camstream.benchmarks.report.SuiteMode;
import io.camstream.benchmarks.report.TjbenchResults;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The whole suite in one process: the JMH benchmarks, the 4 MiB table, the fan-out runs, and the
 * report that puts them beside tjbench's figures. {@code benchmarks/run.sh} runs tjbench first and
 * then this.
 *
 * <p>Usage: {@code Suite --quick|--full|--smoke [--out DIR] [--tjbench FILE] [--command TEXT]};
 * writes {@code jmh.json}, {@code message-limit.csv/.json}, {@code fanout.json}, {@code http-fanout.json}
 * and {@code report.md} to DIR.
 */
public final class Suite {

    private Suite() {
    }

    public static void main(String[] args) throws Exception {
        SuiteMode mode = SuiteMode.QUICK;
        Path out = Path.of("benchmarks/target/results");
        Path tjbench = null;
        String command = "java io.camstream.benchmarks.Suite " + String.join(" ", args);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> out = Path.of(value(args, ++i));
                case "--tjbench" -> tjbench = Path.of(value(args, ++i));
                case "--command" -> command = value(args, ++i);
                default -> mode = SuiteMode.parse(args[i]);
            }
        }
        Path report = run(mode, out, tjbench, command);
        System.out.println();
        System.out.print(Files.readString(report));
        System.out.println("\nreport written to " + report);
    }

    /** Runs everything and returns the report's path. */
    public static Path run(SuiteMode mode, Path out, Path tjbenchFile, String command)
            throws IOException, InterruptedException, RunnerException {
        Files.createDirectories(out);
        MachineInfo machine = MachineInfo.current();
        String date = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Encoders encoders = Encoders.discover();
        List<String> names = encoders.all().stream().filter(p -> p.availability().available())
                .map(EncoderProvider::name).toList();
        if (names.isEmpty()) {
            throw new IllegalStateException("no encoder plugin is available: " + encoders.describeNames());
        }

        System.out.println("== JMH: " + mode.jmhSettings() + "; encoders " + names);
        List<Score> scores = jmh(mode, names, out.resolve("jmh.json"));

        System.out.println("== the 4 MiB table");
        List<MessageLimitTable.Row> rows = MessageLimitTable.measure(encoders, mode.tableSizes(),
                mode.tableQualities());
        System.out.print(MessageLimitTable.format(rows));
        MessageLimitTable.write(rows, out);

        System.out.println("== fan-out");
        FanOut runner = new FanOut(30, mode.fanOutWarmUp(), mode.fanOutWindow(), out);
        List<FanOutResult> fanOut = runner.runAll(mode.fanOutSizes(), mode.fanOutClients(),
                List.of(Design.CAMSTREAM, Design.SEED));
        Files.writeString(out.resolve("fanout.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().create().toJson(fanOut));

        System.out.println("== MJPEG over HTTP next to gRPC");
        List<FanOutResult> http = runner.runAll(List.of(SuiteMode.HTTP_SIZE), mode.httpClients(),
                List.of(Design.HTTP, Design.CAMSTREAM, Design.RAW));
        Files.writeString(out.resolve("http-fanout.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().create().toJson(http));

        System.out.println("== the send path: gRPC next to the raw-socket ceiling");
        FanOut sendPathRunner = new FanOut(30, mode.sendPathWarmUp(), mode.fanOutWindow(), out);
        List<FanOutResult> sendPath = new ArrayList<>();
        for (SuiteMode.SendPathLoad load : mode.sendPathLoads()) {
            sendPath.addAll(sendPathRunner.runAll(List.of(load.size()), List.of(load.clients()),
                    List.of(Design.CAMSTREAM, Design.RAW)));
        }
        Files.writeString(out.resolve("send-path.json"), new GsonBuilder().setPrettyPrinting()
                .serializeSpecialFloatingPointValues().create().toJson(sendPath));

        Report.Run run = new Report.Run(mode, machine, command, date, names, scores, rows, fanOut, http, sendPath,
                TjbenchResults.read(tjbenchFile));
        Path report = out.resolve("report.md");
        Files.writeString(report, Report.markdown(run));
        return report;
    }

    private static List<Score> jmh(SuiteMode mode, List<String> encoders, Path resultFile) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include("io\\.camstream\\.benchmarks\\.\\w+Benchmark\\.")
                .forks(mode.forks())
                .warmupIterations(mode.warmupIterations())
                .warmupTime(TimeValue.milliseconds(mode.warmupTime().toMillis()))
                .measurementIterations(mode.iterations())
                .measurementTime(TimeValue.milliseconds(mode.iterationTime().toMillis()))
                .threads(1)
                .param("encoder", encoders.toArray(String[]::new))
                .param("size", mode.jmhSizes().stream().map(Resolution::toString).toArray(String[]::new))
                .param("quality", mode.jmhQualities().stream().map(String::valueOf).toArray(String[]::new))
                .shouldFailOnError(true)
                .resultFormat(ResultFormatType.JSON)
                .result(resultFile.toString());
        return new Runner(options.build()).run().stream().map(Score::of).toList();
    }

    private static String value(String[] args, int index) {
        if (index >= args.length) {
            throw new IllegalArgumentException(args[index - 1] + " needs a value");
        }
        return args[index];
    }
}
