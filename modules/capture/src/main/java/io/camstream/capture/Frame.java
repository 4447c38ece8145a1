package io.camstream.capture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One captured picture with what a client needs to judge order and freshness.
 *
 * <p>A frame holds either pixels, or the JPEG a source received it as ({@link #ofJpeg}): then
 * {@link #jpeg()} gives those bytes to whoever can send them as they are, and {@link #pixels()}
 * decodes them on first use, once, for whoever needs pixels (a gray or smaller variant). Either way
 * nothing is copied: a source hands over a fresh array for each frame and nobody writes to it
 * afterwards, so many encoders and subscribers can read it at once.
 *
 * <p>Its parts: {@code sequence}, capture order, starting at 1, never reused by a source;
 * {@code captureEpochMicros}, wall-clock capture time in microseconds since the epoch; {@code width}
 * and {@code height} in pixels; {@code format}, the pixel layout; {@code pixels},
 * {@code width * height * format.channels()} bytes, rows top to bottom; {@code placeholder}, true for
 * a "NO SIGNAL" picture sent while the real source is down, so that subscribers keep their streams
 * and can tell it from camera frames; {@code stamped}, true when the pixels carry a
 * {@link FrameStamp} of exactly this sequence number and capture time (the test pattern and NO
 * SIGNAL pictures do; a camera or a video file does not, even if what it filmed shows an old
 * stamp), so viewers know when to check the stamp.
 */
public final class Frame {

    private final long sequence;
    private final long captureEpochMicros;
    private final int width;
    private final int height;
    private final PixelFormat format;
    private final boolean placeholder;
    private final boolean stamped;
    /** The pixels as given, or null for a frame made of a JPEG. */
    private final byte[] pixels;
    /** The JPEG and its decode, shared by every renumbered copy; null for a frame made of pixels. */
    private final DecodedOnce jpeg;

    /** A frame from a real source, without a stamp of its own. */
    public Frame(long sequence, long captureEpochMicros, int width, int height, PixelFormat format, byte[] pixels) {
        this(sequence, captureEpochMicros, width, height, format, pixels, false, false);
    }

    public Frame(long sequence, long captureEpochMicros, int width, int height, PixelFormat format, byte[] pixels,
            boolean placeholder, boolean stamped) {
        this(sequence, captureEpochMicros, width, height, format, Objects.requireNonNull(pixels, "pixels"), null,
                placeholder, stamped);
        int expected = format.frameBytes(width, height);
        if (pixels.length != expected) {
            throw new IllegalArgumentException("a " + width + "x" + height + " " + format + " frame needs "
                    + expected + " bytes, got " + pixels.length);
        }
    }

    private Frame(long sequence, long captureEpochMicros, int width, int height, PixelFormat format, byte[] pixels,
            DecodedOnce jpeg, boolean placeholder, boolean stamped) {
        Objects.requireNonNull(format, "format");
        if (sequence < 1) {
            throw new IllegalArgumentException("frame sequence must be >= 1, got " + sequence);
        }
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("frame size must be positive, got " + width + "x" + height);
        }
        this.sequence = sequence;
        this.captureEpochMicros = captureEpochMicros;
        this.width = width;
        this.height = height;
        this.format = format;
        this.pixels = pixels;
        this.jpeg = jpeg;
        this.placeholder = placeholder;
        this.stamped = stamped;
    }

    /**
     * A frame a source received as a JPEG (an MJPEG camera, a stream of JPEGs, a publisher): its size
     * and format are the JPEG's, its pixels are decoded by {@code decoder} only when first asked for.
     * Sources that get JPEGs should hand them over this way rather than decode them, so that a viewer
     * who wants the picture as it is (colour, full size, no quality of its own) gets these very bytes:
     * check the JPEG's size against the {@link PixelBudget} before, as {@link Jpeg#parse} reads it.
     *
     * @param placeholder whether it is a NO SIGNAL picture (one a relay or publisher passes on)
     * @param stamped whether the picture carries a {@link FrameStamp} of this number and time
     */
    public static Frame ofJpeg(long sequence, long captureEpochMicros, Jpeg jpeg, Jpeg.Decoder decoder,
            boolean placeholder, boolean stamped) {
        return new Frame(sequence, captureEpochMicros, jpeg.width(), jpeg.height(), jpeg.format(), null,
                new DecodedOnce(jpeg, Objects.requireNonNull(decoder, "decoder")), placeholder, stamped);
    }

    /** A JPEG frame from a real source, without a stamp of its own (see the other {@code ofJpeg}). */
    public static Frame ofJpeg(long sequence, long captureEpochMicros, Jpeg jpeg, Jpeg.Decoder decoder) {
        return ofJpeg(sequence, captureEpochMicros, jpeg, decoder, false, false);
    }

    /**
     * camstream's "NO SIGNAL" picture as a {@link #placeholder()} frame, stamped with this number and
     * time: what subscribers see while a source is down, or instead of a frame whose JPEG cannot be decoded.
     */
    public static Frame noSignal(long sequence, long captureEpochMicros, int width, int height, PixelFormat format) {
        return new NoSignalPicture(width, height, format).frame(sequence, captureEpochMicros);
    }

    /**
     * The same picture under another number (a supervisor renumbering a source's frames): pixels, or
     * the JPEG and its decode, are shared, not copied or decoded.
     */
    public Frame withSequence(long newSequence, boolean newStamped) {
        return new Frame(newSequence, captureEpochMicros, width, height, format, pixels, jpeg, placeholder,
                newStamped);
    }

    public long sequence() {
        return sequence;
    }

    public long captureEpochMicros() {
        return captureEpochMicros;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public PixelFormat format() {
        return format;
    }

    /**
     * The pixels; for a frame made of a JPEG, decoded now if nobody has yet (once per frame, whoever
     * asks and however many renumbered copies exist).
     *
     * @throws UncheckedIOException when the frame's JPEG cannot be decoded (every later call too)
     */
    public byte[] pixels() {
        return pixels != null ? pixels : jpeg.pixels(this);
    }

    /** The JPEG this frame was received as, to send as it is; empty for a frame made of pixels. */
    public Optional<Jpeg> jpeg() {
        return jpeg != null ? Optional.of(jpeg.jpeg) : Optional.empty();
    }

    /** Whether its pixels exist now: always for a frame made of pixels, after the first decode for a JPEG. */
    public boolean hasPixels() {
        return pixels != null || jpeg.decoded();
    }

    public boolean placeholder() {
        return placeholder;
    }

    public boolean stamped() {
        return stamped;
    }

    public Instant captureTime() {
        return Instant.EPOCH.plusNanos(Math.multiplyExact(captureEpochMicros, 1000L));
    }

    @Override
    public String toString() {
        return "Frame[#" + sequence + " " + width + "x" + height + " " + format + (jpeg != null ? " JPEG" : "")
                + " at " + captureTime() + (placeholder ? " NO SIGNAL" : "") + "]";
    }

    /** A JPEG and its pixels, decoded by the first thread that needs them; a failure is remembered too. */
    private static final class DecodedOnce {
        private final Jpeg jpeg;
        private Jpeg.Decoder decoder;
        private volatile byte[] pixels;
        private IOException failure;

        DecodedOnce(Jpeg jpeg, Jpeg.Decoder decoder) {
            this.jpeg = jpeg;
            this.decoder = decoder;
        }

        boolean decoded() {
            return pixels != null;
        }

        byte[] pixels(Frame frame) {
            byte[] decoded = pixels;
            return decoded != null ? decoded : decode(frame);
        }

        private synchronized byte[] decode(Frame frame) {
            if (pixels == null && failure == null) {
                try {
                    byte[] decoded = decoder.pixels(jpeg);
                    int expected = jpeg.format().frameBytes(jpeg.width(), jpeg.height());
                    if (decoded == null || decoded.length != expected) {
                        throw new IOException("the decoder gave " + (decoded == null ? "nothing" : decoded.length
                                + " bytes") + " for a " + jpeg + ", which needs " + expected);
                    }
                    pixels = decoded;
                } catch (IOException e) {
                    failure = e;
                } catch (RuntimeException e) { // a decoder choking on corrupt data may throw anything
                    failure = new IOException(e.toString(), e);
                } finally {
                    decoder = null; // once is enough either way; let it go
                }
            }
            if (failure != null) {
                throw new UncheckedIOException("the JPEG of " + frame + " cannot be decoded: " + failure.getMessage(),
                        failure);
            }
            return pixels;
        }
    }
}
