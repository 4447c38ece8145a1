package io.camstream.hub;

import io.camstream.capture.FrameSource;
import io.camstream.capture.Supervision;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncoderOptions;
import io.camstream.encode.Encoders;
import io.camstream.encode.spi.EncoderProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 *     Mailbox mailbox = hub.camera("front").subscribe(() -> wakeUpMySender());
 * }
 * }</pre>
 */
public final class Hub implements AutoCloseable {

    private static final Pattern CAMERA_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Map<String, Camera> cameras;
    private final Encoders encoders;
    private final Variant defaultVariant;
    private final SubscriberLimit limit;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Hub(Map<String, Camera> cameras, Encoders encoders, Variant defaultVariant, SubscriberLimit limit) {
        this.cameras = Collections.unmodifiableMap(cameras);
        this.encoders = encoders;
        this.defaultVariant = defaultVariant;
        this.limit = limit;
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

    public Encoders encoders() {
        return encoders;
    }

    /** What subscribers get when they ask for nothing in particular. */
    public Variant defaultVariant() {
        return defaultVariant;
    }

    /**
     * The variant a subscriber asked for, with the defaults filled in.
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
        return new Variant(encoderName, options, maxWidth, maxHeight);
    }

    /** The most subscribers at once, 0 for no limit. */
    public int maxSubscribers() {
        return limit.max();
    }

    /** Subscribers now, over all cameras. */
    public int activeSubscribers() {
        return limit.active();
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
        private final Map<String, BiFunction<Encodings, SubscriberLimit, Camera>> cameras = new LinkedHashMap<>();
        private Encoders encoders;
        private String encoder;
        private EncoderOptions options = EncoderOptions.defaults();
        private int maxSubscribers = 200;
        private Supervision supervision = Supervision.defaults();

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
            return add(name, (encodings, limit) -> Camera.of(name, source, encodings, limit, supervision));
        }

        /** Adds a camera whose frames come from publishers (an edge device pushing to this hub). */
        public Builder publishedCamera(String name) {
            return add(name, (encodings, limit) -> Camera.published(name, encodings, limit));
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
            Variant defaults = new Variant(encoder != null ? encoder : registry.best().name(), options);
            SubscriberLimit limit = new SubscriberLimit(maxSubscribers);
            Map<String, Camera> made = new LinkedHashMap<>();
            cameras.forEach((name, make) -> {
                Encodings encodings = new Encodings(name, registry);
                encodings.check(defaults); // fail now on a bad default, before any subscriber sees it
                made.put(name, make.apply(encodings, limit));
            });
            return new Hub(made, registry, defaults, limit);
        }

        private Builder add(String name, BiFunction<Encodings, SubscriberLimit, Camera> camera) {
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
