package io.camstream.hub;

import io.camstream.encode.EncoderOptions;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The encoder, quality and colour combinations one camera's subscribers watch at once, bounded.
 * Sizes are bounded by {@link Variant}'s ladder, but quality is not (100 values, times the colour
 * modes, times the encoders): without this, one client asking 100 streams for 100 qualities would
 * have every frame encoded 100 times. A subscriber of a combination already watched always gets in,
 * since it adds no work, and so does one of the server's default encoder and quality, in gray or in
 * colour: whoever fills the limit with odd qualities must not lock out the viewers who ask for nothing
 * special.
 */
final class VariantLimit {

    /** What an encoder instance is made for; every size of the ladder shares it. */
    private record Combination(String encoder, EncoderOptions options) {
        @Override
        public String toString() {
            return encoder + " quality " + options.quality() + " " + options.color().name().toLowerCase(Locale.ROOT);
        }
    }

    private final int max;
    private final Variant defaults;
    private final Map<Combination, Integer> watched = new LinkedHashMap<>();

    /**
     * @param max the most combinations at once, besides the defaults'; 0 for no limit
     * @param defaults the server's default variant: its encoder and quality are never refused nor counted
     */
    VariantLimit(int max, Variant defaults) {
        this.max = max;
        this.defaults = defaults;
    }

    /**
     * Counts one more subscriber of that variant.
     *
     * @throws HubException TOO_MANY_VARIANTS when it is a new combination and the camera has its maximum,
     *     naming the ones in use (a client can pick one of them instead)
     */
    synchronized void acquire(String camera, Variant variant) {
        if (isDefault(variant)) {
            return;
        }
        Combination combination = new Combination(variant.encoder(), variant.options());
        if (max > 0 && !watched.containsKey(combination) && watched.size() >= max) {
            throw new HubException(HubException.Reason.TOO_MANY_VARIANTS, "camera '" + camera + "' is already "
                    + "encoded in " + max + " different ways (the limit, see --max-variants); ask for the default ("
                    + defaults.encoder() + " quality " + defaults.options().quality() + ", gray or color) or one of: "
                    + watched.keySet().stream().map(Combination::toString).collect(Collectors.joining(", ")));
        }
        watched.merge(combination, 1, Integer::sum);
    }

    /** Counts one subscriber of that variant less. */
    synchronized void release(Variant variant) {
        if (isDefault(variant)) {
            return;
        }
        watched.computeIfPresent(new Combination(variant.encoder(), variant.options()),
                (combination, count) -> count == 1 ? null : count - 1);
    }

    private boolean isDefault(Variant variant) {
        return variant.encoder().equals(defaults.encoder())
                && variant.options().quality() == defaults.options().quality();
    }
}
