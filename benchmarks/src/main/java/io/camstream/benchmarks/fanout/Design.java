package io.camstream.benchmarks.fanout;

import java.util.Locale;

/** The server designs a fan-out run compares. */
public enum Design {
    /** camstream: capture once, encode each frame once per variant, share the bytes with every subscriber. */
    CAMSTREAM,
    /** The original sample's: a fresh gray + JPEG + base64 per request per client ({@link SeedStyleServer}). */
    SEED,
    /** camstream's HTTP face: the same hub, MJPEG over HTTP/1.1 ({@code /stream}) to players instead of gRPC. */
    HTTP,
    /**
     * The machine's ceiling, not a product: the same camera and encode as camstream, each JPEG written as it is
     * after a small header on a plain socket, by one selector thread ({@link RawSender}).
     */
    RAW;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Design parse(String text) {
        for (Design design : values()) {
            if (design.id().equals(text)) {
                return design;
            }
        }
        throw new IllegalArgumentException("a design is 'camstream', 'seed', 'http' or 'raw', got '" + text + "'");
    }
}
