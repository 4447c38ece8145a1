package io.camstream.benchmarks.report;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * One JMH result in a form the report can look up.
 *
 * @param benchmark class and method, e.g. {@code HotPathBenchmark.grayJpegBase64}
 * @param params the {@code @Param} values of this run
 * @param score the best measured iteration's operations (frames) per second: on a shared machine the
 *     one least disturbed by other load, and what the report compares
 * @param mean JMH's score, the mean over all measured iterations
 * @param error the 99.9% confidence half-width JMH gives for the mean (NaN with a single iteration)
 * @param cpuNanosPerOp the measuring thread's CPU time per operation, for benchmarks that count it
 *     (secondary results {@code cpuNanos} and {@code frames}); NaN for the others
 */
public record Score(String benchmark, Map<String, String> params, double score, double mean, double error,
        double cpuNanosPerOp) {

    public static Score of(RunResult result) {
        var params = result.getParams();
        Map<String, String> values = new TreeMap<>();
        for (String key : params.getParamsKeys()) {
            values.put(key, params.getParam(key));
        }
        String name = params.getBenchmark();
        String simple = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
        double best = result.getBenchmarkResults().stream().flatMap(b -> b.getIterationResults().stream())
                .mapToDouble(i -> i.getPrimaryResult().getScore()).max().orElse(result.getPrimaryResult().getScore());
        Result<?> cpu = result.getSecondaryResults().get("cpuNanos");
        Result<?> ops = result.getSecondaryResults().get("frames");
        double cpuPerOp = cpu != null && ops != null && ops.getScore() > 0 ? cpu.getScore() / ops.getScore()
                : Double.NaN;
        return new Score(simple, values, best, result.getPrimaryResult().getScore(),
                result.getPrimaryResult().getScoreError(), cpuPerOp);
    }

    /** Whether this is that benchmark with these parameter values (pairs of name, value). */
    public boolean is(String benchmark, String... keyValues) {
        if (!this.benchmark.equals(benchmark)) {
            return false;
        }
        for (int i = 0; i < keyValues.length; i += 2) {
            if (!keyValues[i + 1].equals(params.get(keyValues[i]))) {
                return false;
            }
        }
        return true;
    }

    /** The score of the first result that {@link #is} that benchmark with those values. */
    public static Optional<Double> find(Iterable<Score> scores, String benchmark, String... keyValues) {
        return first(scores, benchmark, keyValues).map(Score::score);
    }

    /** The first result that {@link #is} that benchmark with those values. */
    public static Optional<Score> first(Iterable<Score> scores, String benchmark, String... keyValues) {
        for (Score s : scores) {
            if (s.is(benchmark, keyValues)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
