package io.camstream.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;

/**
 * Finds an encoding of a frame that fits a message size limit: the requested settings if they fit,
 * else lower qualities (90, 80, 70, 60, 50), then smaller sizes. A frame is never dropped or failed
 * for being too large.
 *
 * <p>The step that worked is remembered per key (variant and limit), so a camera whose frames are
 * always too large does not pay for the doomed full-quality encode every frame; every
 * {@value #RETRY_EVERY}th frame starts from the requested settings again, so quality comes back
 * when the scene gets simpler.
 *
 * <p>Servers use it for each subscriber's message limit, publishers for the limit of the hub they
 * push to. Thread-safe.
 */
public final class FitToLimit {

    public static final int RETRY_EVERY = 30;
    private static final int[] QUALITIES = {90, 80, 70, 60, 50};
    private static final double[] SCALES = {0.75, 0.5, 0.35, 0.25, 0.18, 0.125};

    /** One rung of the ladder. */
    public record Step(int quality, double scale) {
    }

    /** Encodes the frame at a quality and size. */
    public interface Encoder<T> {
        T encode(int quality, int width, int height);
    }

    /** The encoding chosen, and whether it differs from what was asked. */
    public record Fitted<T>(T encoded, boolean adapted) {
    }

    private final ConcurrentHashMap<Object, Integer> lastStep = new ConcurrentHashMap<>();

    /** A ladder that remembers nothing yet. */
    public FitToLimit() {
    }

    /** The steps from the requested quality down, quality first, then size. */
    public static List<Step> ladder(int quality) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step(quality, 1.0));
        for (int lower : QUALITIES) {
            if (lower < quality) {
                steps.add(new Step(lower, 1.0));
            }
        }
        int floor = Math.min(quality, QUALITIES[QUALITIES.length - 1]);
        for (double scale : SCALES) {
            steps.add(new Step(floor, scale));
        }
        return steps;
    }

    /**
     * The first encoding along the ladder whose size is within {@code limit}.
     *
     * @throws IllegalStateException when even the last step is too large (a limit far below any sane
     *     frame; callers refuse such limits up front)
     */
    public <T> Fitted<T> fit(Object key, long sequence, int width, int height, int quality, int limit,
            Encoder<T> encoder, ToIntFunction<T> size) {
        List<Step> ladder = ladder(quality);
        int start = sequence % RETRY_EVERY == 0 ? 0 : lastStep.getOrDefault(key, 0);
        int smallest = Integer.MAX_VALUE;
        for (int i = start; i < ladder.size(); i++) {
            Step step = ladder.get(i);
            int stepWidth = Math.max(1, (int) (width * step.scale()));
            int stepHeight = Math.max(1, (int) (height * step.scale()));
            T encoded = encoder.encode(step.quality(), stepWidth, stepHeight);
            int bytes = size.applyAsInt(encoded);
            if (bytes <= limit) {
                lastStep.put(key, i);
                return new Fitted<>(encoded, i > 0);
            }
            smallest = Math.min(smallest, bytes);
        }
        throw new IllegalStateException("a " + width + "x" + height + " frame does not fit in " + limit
                + " bytes even at quality " + ladder.get(ladder.size() - 1).quality() + " and 1/8 size ("
                + smallest + " bytes)");
    }
}
