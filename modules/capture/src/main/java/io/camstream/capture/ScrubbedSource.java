package io.camstream.capture;

import java.io.IOException;

/**
 * A source as {@link Sources} hands it out: what it says of itself, in its description and its
 * failures, never holds its spec's secrets, whatever its provider put there. Descriptions reach every
 * client through {@code Describe}, failures the logs.
 */
final class ScrubbedSource implements FrameSource {

    private final SourceSpec spec;
    private final FrameSource source;
    /** The last description scrubbed: {@link #info()} is asked for on every grab. */
    private volatile Shown shown;

    ScrubbedSource(SourceSpec spec, FrameSource source) {
        this.spec = spec;
        this.source = source;
    }

    @Override
    public SourceInfo info() {
        SourceInfo told = source.info();
        Shown last = shown;
        if (last == null || last.told != told) {
            last = new Shown(told, new SourceInfo(spec.scrub(told.description()), told.width(), told.height(),
                    told.fps(), told.format()));
            shown = last;
        }
        return last.info;
    }

    @Override
    public Frame grab() throws IOException, InterruptedException {
        try {
            return source.grab();
        } catch (IOException e) {
            throw spec.scrub(e);
        } catch (RuntimeException e) {
            throw spec.scrub(e);
        }
    }

    @Override
    public void close() {
        try {
            source.close();
        } catch (RuntimeException e) {
            throw spec.scrub(e);
        }
    }

    /** A source's own info and what may be shown of it. */
    private record Shown(SourceInfo told, SourceInfo info) {
    }
}
