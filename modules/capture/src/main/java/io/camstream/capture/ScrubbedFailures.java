package io.camstream.capture;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Failures retold without a source's secrets. A failure is logged with its causes (FFmpeg's exception
 * quotes the whole URL it could not open), so masking the top message is not enough: when any
 * message in the chain holds a secret, the whole chain is retold with every message scrubbed, keeping
 * each one's kind and stack trace, and the originals are dropped.
 */
final class ScrubbedFailures {

    private ScrubbedFailures() {
    }

    /** The failure itself when it holds no secret, else a copy of its kind as callers tell them apart. */
    static IOException scrub(IOException failure, UnaryOperator<String> scrub) {
        if (!leaks(failure, scrub, identitySet())) {
            return failure;
        }
        String message = scrub.apply(failure.getMessage());
        IOException copy;
        if (failure instanceof EndOfSourceException) {
            copy = new EndOfSourceException(message);
        } else if (failure instanceof SourceUnavailableException) {
            copy = new SourceUnavailableException(message);
        } else {
            copy = new IOException(message);
        }
        return retell(failure, copy, scrub);
    }

    /** The failure itself when it holds no secret, else a copy: an IllegalArgumentException stays one. */
    static RuntimeException scrub(RuntimeException failure, UnaryOperator<String> scrub) {
        if (!leaks(failure, scrub, identitySet())) {
            return failure;
        }
        String message = scrub.apply(failure.getMessage());
        RuntimeException copy = failure instanceof IllegalArgumentException ? new IllegalArgumentException(message)
                : new IllegalStateException(message);
        return retell(failure, copy, scrub);
    }

    private static boolean leaks(Throwable failure, UnaryOperator<String> scrub, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return false;
        }
        String told = failure.toString();
        if (!told.equals(scrub.apply(told))) {
            return true;
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            if (leaks(suppressed, scrub, seen)) {
                return true;
            }
        }
        return leaks(failure.getCause(), scrub, seen);
    }

    private static <T extends Throwable> T retell(Throwable original, T copy, UnaryOperator<String> scrub) {
        Set<Throwable> seen = identitySet();
        seen.add(original);
        copy.setStackTrace(original.getStackTrace());
        if (original.getCause() != null && seen.add(original.getCause())) {
            copy.initCause(new Retold(original.getCause(), scrub, seen));
        }
        for (Throwable suppressed : original.getSuppressed()) {
            if (seen.add(suppressed)) {
                copy.addSuppressed(new Retold(suppressed, scrub, seen));
            }
        }
        return copy;
    }

    private static Set<Throwable> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /**
     * A cause retold with its message scrubbed: it prints as the original did ({@code kind: message}
     * and the same stack), but is none of the original's classes, which may hold the secret in
     * fields of their own.
     */
    private static final class Retold extends Exception {

        private static final long serialVersionUID = 1L;

        private final String kind;

        Retold(Throwable original, UnaryOperator<String> scrub, Set<Throwable> seen) {
            super(scrub.apply(original.getMessage()));
            this.kind = original instanceof Retold retold ? retold.kind : original.getClass().getName();
            setStackTrace(original.getStackTrace());
            Throwable cause = original.getCause();
            if (cause != null && seen.add(cause)) {
                initCause(new Retold(cause, scrub, seen));
            }
            for (Throwable suppressed : original.getSuppressed()) {
                if (seen.add(suppressed)) {
                    addSuppressed(new Retold(suppressed, scrub, seen));
                }
            }
        }

        @Override
        public String toString() {
            String message = getLocalizedMessage();
            return message != null ? kind + ": " + message : kind;
        }
    }
}
