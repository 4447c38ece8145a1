package io.camstream.server.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token or certificate identity may do; each role includes the ones before it. */
public enum Role {
    /** Subscribe, Snapshot and Describe on its cameras. */
    VIEW,
    /** Publish into its cameras, and view them. */
    PUBLISH,
    /** Everything, on every camera. */
    ADMIN;

    /** Whether this role includes {@code needed}. */
    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    /** The role's name as written in auth files and on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The role named {@code text} ({@code view}, {@code publish} or {@code admin}, any case).
     *
     * @throws IllegalArgumentException naming the roles there are
     */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.label().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; the roles are "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
