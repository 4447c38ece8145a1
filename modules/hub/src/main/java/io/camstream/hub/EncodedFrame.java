package io.camstream.hub;

import io.camstream.capture.Frame;
import io.camstream.capture.Jpeg;
import io.camstream.capture.PixelFormat;
import io.camstream.encode.ColorMode;
import io.camstream.encode.EncodedImage;
import io.camstream.encode.EncoderOptions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Function;

/**
 * A frame encoded one way, shared by every subscriber who gets it that way: by an encoder plugin, or
 * the source's own JPEG sent as it is ({@link #isPassthrough()}). Its bytes are never written again,
 * so adapters may wrap them without copying; the base64 form the original sample's protocol carries
 * is made once, on first use.
 */
public final class EncodedFrame {

    /** What {@link #encoder()} says of a source's JPEG sent as it is: no encoder ran. */
    public static final String PASSTHROUGH = "passthrough";

    private final Frame frame;
    private final String camera;
    private final String encoder;
    private final EncoderOptions options;
    private final EncodedImage image;
    private final long encodeStartMicros;
    private final long encodeEndMicros;
    private volatile byte[] base64;
    /** Forms adapters derived from this frame, as {@code kind, form} pairs; replaced whole, never changed. */
    private volatile Object[] derived = new Object[0];

    /**
     * @param encodeStartMicros when encoding it began, scaling included, in microseconds since the epoch
     *     by the system clock, as {@link io.camstream.capture.CaptureClock} gives capture times; 0 when
     *     nothing was encoded
     * @param encodeEndMicros when that encoding ended; 0 when nothing was encoded
     */
    EncodedFrame(Frame frame, String camera, String encoder, EncoderOptions options, EncodedImage image,
            long encodeStartMicros, long encodeEndMicros) {
        this.frame = frame;
        this.camera = camera;
        this.encoder = encoder;
        this.options = options;
        this.image = image;
        this.encodeStartMicros = encodeStartMicros;
        this.encodeEndMicros = encodeEndMicros;
    }

    /** The JPEG a source received {@code frame} as, to be sent as it is. */
    static EncodedFrame passthrough(Frame frame, Jpeg jpeg, String camera) {
        ColorMode color = jpeg.format() == PixelFormat.GRAY8 ? ColorMode.GRAY : ColorMode.COLOR;
        return new EncodedFrame(frame, camera, PASSTHROUGH, null,
                new EncodedImage(jpeg.bytes(), "image/jpeg", jpeg.width(), jpeg.height(), color, 0), 0, 0);
    }

    /** The frame as encoded (downscaled if the rendition asked for it): sequence, capture time, flags. */
    public Frame frame() {
        return frame;
    }

    public String camera() {
        return camera;
    }

    /** The encoder plugin's name, or {@value #PASSTHROUGH} for the source's own JPEG. */
    public String encoder() {
        return encoder;
    }

    /** Whether this is the JPEG the source received, sent as it is: nothing was decoded or encoded. */
    public boolean isPassthrough() {
        return options == null;
    }

    /** The options it was encoded with; null for the source's own JPEG ({@link #isPassthrough()}). */
    public EncoderOptions options() {
        return options;
    }

    /** The JPEG quality it was encoded at; 0 for the source's own JPEG, whose quality is not known. */
    public int quality() {
        return options == null ? 0 : options.quality();
    }

    /**
     * When encoding this frame began (scaling or decoding it for the variant included), in microseconds
     * since the epoch on the clock of capture times; 0 for the source's own JPEG, which was not encoded.
     * The time since capture is the frame's wait for an encoder.
     */
    public long encodeStartMicros() {
        return encodeStartMicros;
    }

    /** When that encoding ended, on the same clock; 0 for the source's own JPEG ({@link #isPassthrough()}). */
    public long encodeEndMicros() {
        return encodeEndMicros;
    }

    public EncodedImage image() {
        return image;
    }

    /** The encoded picture; shared, so never to be modified. */
    public byte[] data() {
        return image.data();
    }

    public int size() {
        return image.data().length;
    }

    /** The base64 text of the picture, as the original sample's {@code Reply.datas} carries it; shared. */
    public byte[] base64() {
        byte[] text = base64;
        if (text == null) {
            // Two threads may both compute it the first time; the results are equal, so that is harmless.
            text = Base64.getEncoder().encode(image.data());
            base64 = text;
        }
        return text;
    }

    /**
     * A form of this frame that an adapter derives once and shares with every subscriber who gets the
     * frame this way (gRPC's serialized message, for example): computed by {@code derive} on first use,
     * then returned as it is. The first caller computes it while later ones wait, so it is made once
     * however many subscribers ask at the same moment.
     *
     * @param kind identifies the form (one per adapter); its instances are what this returns
     */
    public <T> T derived(Class<T> kind, Function<? super EncodedFrame, ? extends T> derive) {
        T form = find(derived, kind);
        if (form != null) {
            return form;
        }
        synchronized (this) {
            Object[] known = derived;
            form = find(known, kind);
            if (form == null) {
                form = Objects.requireNonNull(kind.cast(derive.apply(this)), "derived form");
                Object[] more = Arrays.copyOf(known, known.length + 2);
                more[known.length] = kind;
                more[known.length + 1] = form;
                derived = more;
            }
            return form;
        }
    }

    private static <T> T find(Object[] forms, Class<T> kind) {
        for (int i = 0; i < forms.length; i += 2) {
            if (forms[i] == kind) {
                return kind.cast(forms[i + 1]);
            }
        }
        return null;
    }
}
