package io.camstream.server.auth;

import java.util.Objects;
import java.util.Set;

/**
 * Who made a call, as far as the server's access control knows: a name from the auth file (never
 * the token), a role, and the cameras it may touch.
 *
 * @param name the entry's name, or "anyone" when access control is off
 * @param role what it may do
 * @param cameras the cameras it may touch; empty for every camera
 */
public record Caller(String name, Role role, Set<String> cameras) {

    /** The caller of a server without access control: may do everything. */
    public static final Caller ANYONE = new Caller("anyone", Role.ADMIN, Set.of());

    public Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        cameras = Set.copyOf(cameras);
    }

    /** Whether this caller may see {@code camera} at all. */
    public boolean reaches(String camera) {
        return cameras.isEmpty() || cameras.contains(camera);
    }

    /** Whether this caller may do what {@code needed} allows on {@code camera}. */
    public boolean may(Role needed, String camera) {
        return role.includes(needed) && reaches(camera);
    }

    /** "'alice' (role view)": how refusals name a caller. */
    public String describe() {
        return "'" + name + "' (role " + role.label() + ")";
    }
}
