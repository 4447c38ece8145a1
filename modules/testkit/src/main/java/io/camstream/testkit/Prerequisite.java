package io.camstream.testkit;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs from outside the build: a system package, a native library. Locally a
 * missing one skips the test and says why. Under CI ({@code CI=true}) it fails the test instead:
 * there {@code .ci/install-test-deps} must have provided it, and a quietly skipped test would
 * leave the build green without having tested anything.
 */
public final class Prerequisite {

    private Prerequisite() {
    }

    /** Skips the calling test (locally) or fails it (under CI) unless {@code present}. */
    public static void require(boolean present, String missing) {
        if (present) {
            return;
        }
        if (Boolean.parseBoolean(System.getenv("CI"))) {
            fail("CI=true, so this may not be skipped: " + missing);
        }
        Assumptions.abort("skipped: " + missing);
    }
}
