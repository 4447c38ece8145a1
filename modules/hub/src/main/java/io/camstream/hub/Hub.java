package io.camstream.hub;

import io.camstream.capture.FrameSource;
import io.camstream.capture.PixelBudget;
import io.camstream.capture.Supervision;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * A server's cameras, by name, in the order they were configured (the first is the default), with
 * the encoders they offer, the default variant, and one cap on subscribers however they watch.
 *
 * <pre>{@code
 * try (Hub hub = Hub.builder().camera("front", new TestPatternSource(640, 480, 30)).build()) {
 *     hub.start();
 *     Mailbox mailbox = hub.camera("front").subscribe("http", hub.defaultVariant(), () -> wakeUpMySender());
 * }
 * }</pre>
 */
public final class Hub implements AutoCloseable {

    private static final Pattern CAMERA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, Camera> cameras;
    private final Encoders encoders;
    private final Variant defaultVariant;
    private final Limits limits;
    private final boolean passthrough;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Hub(Map<String, Camera> cameras, Encoders encoders, Variant defaultVariant, Limits limits,
            boolean passthrough) {
        this.cameras = Collections.unmodifiableMap(cameras);
        this.encoders = encoders;
        this.defaultVariant = defaultVariant;
        this.limits = limits;
        this.passthrough = passthrough;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts capturing on every camera; later calls do nothing. */
    public void start() {
        if (started.compareAndSet(false, true)) {
            cameras.values().forEach(Camera::start);
        }
    }

    /** Every camera, in configuration order. */
    public Collection<Camera> cameras() {
        return cameras.values();
    }

    /** The first camera: the one subscribers who name none, and the original sample's clients, watch. */
    public Camera defaultCamera() {
        return cameras.values().iterator().next();
    }

    /**
     * The camera with that name, or the default one for an empty name.
     *
     * @throws HubException NO_SUCH_CAMERA, listing the cameras there are
     */
    public Camera camera(String name) {
        if (name.isEmpty()) {
            return defaultCamera();
        }
        Camera camera = cameras.get(name);
        if (camera == null) {
            throw new HubException(HubException.Reason.NO_SUCH_CAMERA, "no camera named '" + name
                    + "'; this server has: " + String.join(", ", cameras.keySet()));
        }
        return camera;
    }

    /** Every camera's {@link Camera#stats()}, in configuration order. */
    public List<CameraStats> stats() {
        return cameras.values().stream().map(Camera::stats).toList();
    }

    public Encoders encoders() {
        return encoders;
    }

    /**
     * What subscribers get when they ask for nothing in particular: the default encoder and options,
     * or a source's JPEG as it is when it matches (unless the hub was built without passthrough).
     */
    public Variant defaultVariant() {
        return defaultVariant;
    }

    /**
     * The variant a subscriber asked for, with the defaults filled in. One that names no encoder and
     * no quality takes a source's JPEG as it is when that JPEG is what it asks for (its colour mode, at
     * the source's size; see {@link Variant}), unless the hub was built without passthrough.
     *
     * @param encoder plugin name, or empty for the default
     * @param quality 1..100, or 0 for the default
     * @param color the colour mode, or null for the default
     * @param maxWidth downscale limit, 0 for none
     * @param maxHeight downscale limit, 0 for none
     * @throws IllegalArgumentException saying what is wrong with the request
     */
    public Variant variant(String encoder, int quality, ColorMode color, int maxWidth, int maxHeight) {
        EncoderOptions defaults = defaultVariant.options();
        String encoderName = encoder == null || encoder.isEmpty() ? defaultVariant.encoder() : encoder;
        EncoderProvider provider = encoders.require(encoderName);
        EncoderOptions options = new EncoderOptions(quality == 0 ? defaults.quality() : quality,
                color == null ? defaults.color() : color);
        provider.checkSupports(options);
        boolean leftToServer = (encoder == null || encoder.isEmpty()) && quality == 0;
        return new Variant(encoderName, options, maxWidth, maxHeight, passthrough && leftToServer);
    }

    /** The most subscribers at once, 0 for no limit. */
    public int maxSubscribers() {
        return limits.subscribers().max();
    }

    /** Subscribers now, over all cameras. */
    public int activeSubscribers() {
        return limits.subscribers().active();
    }

    /** The most pixels a frame may have, from a source or a publisher. */
    public long maxPixels() {
        return limits.pixels().maxPixels();
    }

    /** The most encoder, quality and colour combinations one camera's subscribers may watch at once; 0: no limit. */
    public int maxVariants() {
        return limits.maxVariants();
    }

    /** How long a publisher may hold a published camera without sending a usable frame. */
    public Duration publishClaimTimeout() {
        return limits.claimTimeout();
    }

    /**
     * Stops every camera and ends every mailbox with SHUTTING_DOWN ("camstream server is shutting
     * down": come back later, not an error of the subscriber's). Later calls do nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            cameras.values().forEach(camera -> camera.close(HubException.shuttingDown()));
        }
    }

    /** Configures a hub. */
    public static final class Builder {
        /** A claim must outlast the second a published camera may take to look for its new publisher. */
        private static final Duration MIN_CLAIM_TIMEOUT = Duration.ofSeconds(2);

        private final Map<String, BiFunction<Encodings, Limits, Camera>> cameras = new LinkedHashMap<>();
        private Encoders encoders;
        private String encoder;
        private EncoderOptions options = EncoderOptions.defaults();
        private int maxSubscribers = 200;
        private PixelBudget pixels = PixelBudget.DEFAULT;
        private Duration publishClaimTimeout = Duration.ofSeconds(5);
        private int maxVariants = 16;
        private Supervision supervision = Supervision.defaults();
        private boolean passthrough = true;
        private EncodeObserver encodeObserver = EncodeObserver.NONE;

        private Builder() {
        }

        /**
         * Adds a camera; the first one added is the default. A source that is not already a
         * {@link io.camstream.capture.SupervisedSource} is watched by one, so every camera gives NO
         * SIGNAL frames while its source is down.
         *
         * @throws IllegalArgumentException for a name that is not 1-64 letters, digits, '.', '_' or '-',
         *     or a duplicate
         */
        public Builder camera(String name, FrameSource source) {
            Objects.requireNonNull(source, "source");
            return add(name, (encodings, limits) -> Camera.of(name, source, encodings, limits, supervision));
        }

        /** Adds a camera whose frames come from publishers (an edge device pushing to this hub). */
        public Builder publishedCamera(String name) {
            return add(name, (encodings, limits) -> Camera.published(name, encodings, limits));
        }

        /** The encoder plugins to offer; by default every one {@link Encoders#discover()} finds. */
        public Builder encoders(Encoders encoders) {
            this.encoders = Objects.requireNonNull(encoders, "encoders");
            return this;
        }

        /** The default encoder's name; by default the best available one. */
        public Builder encoder(String name) {
            this.encoder = name;
            return this;
        }

        /** Default quality and colour mode. */
        public Builder options(EncoderOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The most subscribers at once, over all cameras; 0 for no limit. Default 200. */
        public Builder maxSubscribers(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max subscribers must not be negative, got " + max);
            }
            this.maxSubscribers = max;
            return this;
        }

        /**
         * The most pixels (width times height) a frame may have. A published JPEG claiming more is
         * refused from its header, before anything is allocated, and its publisher's claim ends
         * (PICTURE_TOO_LARGE); a source delivering more counts as failed (NO SIGNAL while it is
         * retried). Default {@link PixelBudget#DEFAULT}: 8192x8192, 67.1 Mpx.
         *
         * @throws IllegalArgumentException unless in 1..{@value PixelBudget#MAX_ALLOWED}
         */
        public Builder maxPixels(long max) {
            this.pixels = new PixelBudget(max);
            return this;
        }

        /**
         * How long a publisher may hold a published camera without a usable frame: past it the claim
         * ends (CLAIM_EXPIRED), so a client that claims a camera and sends nothing, or only garbage,
         * cannot shut out the real publisher. Default 5 s; at least 2 s, since a published camera
         * looks for a new publisher's frames once a second.
         *
         * @throws IllegalArgumentException when shorter than 2 s
         */
        public Builder publishClaimTimeout(Duration timeout) {
            if (timeout.compareTo(MIN_CLAIM_TIMEOUT) < 0) {
                throw new IllegalArgumentException("the publish claim timeout must be at least "
                        + MIN_CLAIM_TIMEOUT.toSeconds() + " s, got " + timeout.toMillis() + " ms");
            }
            this.publishClaimTimeout = timeout;
            return this;
        }

        /**
         * The most encoder, quality and colour combinations one camera's subscribers may watch at once
         * (each size of the ladder shares one). A subscriber asking for another gets TOO_MANY_VARIANTS,
         * naming the ones in use; one asking for a combination already watched, or for the default encoder
         * and quality (in gray or colour), always gets in. 0 for no limit. Default 16.
         */
        public Builder maxVariants(int max) {
            if (max < 0) {
                throw new IllegalArgumentException("max variants must not be negative (0: no limit), got " + max);
            }
            this.maxVariants = max;
            return this;
        }

        /**
         * Whether a frame a source received as a JPEG (an MJPEG camera, a publisher) is sent as it is to
         * subscribers for whom it is exactly right (see {@link Variant}): no decode, no encode. Default
         * true; false encodes every frame with the default encoder and quality, as an operator who set
         * them for everyone (say, a low quality to save bandwidth) may want.
         */
        public Builder passthrough(boolean enabled) {
            this.passthrough = enabled;
            return this;
        }

        /**
         * Told of every encode, with its duration and size, on the thread that ran it (see
         * {@link EncodeObserver}): for a histogram of encode times. Default {@link EncodeObserver#NONE}.
         */
        public Builder encodeObserver(EncodeObserver observer) {
            this.encodeObserver = Objects.requireNonNull(observer, "observer");
            return this;
        }

        /** How sources that are not supervised yet are watched. Default {@link Supervision#defaults()}. */
        public Builder supervision(Supervision policy) {
            this.supervision = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The hub, not capturing yet ({@link Hub#start()}).
         *
         * @throws IllegalArgumentException when there is no camera, or the encoder is unknown or
         *     unavailable (listing the ones there are)
         */
        public Hub build() {
            if (cameras.isEmpty()) {
                throw new IllegalArgumentException("a server needs at least one camera");
            }
            Encoders registry = encoders != null ? encoders : Encoders.discover();
            Variant defaults = new Variant(encoder != null ? encoder : registry.best().name(), options, 0, 0,
                    passthrough);
            Limits limits = new Limits(new SubscriberLimit(maxSubscribers), pixels, publishClaimTimeout, maxVariants,
                    defaults);
            Map<String, Camera> made = new LinkedHashMap<>();
            cameras.forEach((name, make) -> {
                Encodings encodings = new Encodings(name, registry, encodeObserver);
                encodings.check(defaults); // fail now on a bad default, before any subscriber sees it
                made.put(name, make.apply(encodings, limits));
            });
            return new Hub(made, registry, defaults, limits, passthrough);
        }

        private Builder add(String name, BiFunction<Encodings, Limits, Camera> camera) {
            if (!CAMERA_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a camera name is 1-64 letters, digits, '.', '_' or '-' "
                        + "(starting with a letter or digit), got '" + name + "'");
            }
            if (cameras.putIfAbsent(name, camera) != null) {
                throw new IllegalArgumentException("two cameras are named '" + name + "'");
            }
            return this;
        }
    }
}
