package io.camstream.hub;

import io.camstream.capture.PixelBudget;
import java.time.Duration;

/**
 * What a hub's cameras allow, the same for all of them.
 *
 * @param subscribers the cap on subscribers, shared by every camera
 * @param pixels the most pixels a frame may have, from a source or a publisher
 * @param claimTimeout how long a publisher may hold a published camera without a usable frame
 * @param maxVariants the most encoder, quality and colour combinations watched at once per camera; 0: no limit
 * @param defaults the hub's default variant, whose encoder and quality always get in, in either colour mode
 */
record Limits(SubscriberLimit subscribers, PixelBudget pixels, Duration claimTimeout, int maxVariants,
        Variant defaults) {
}
