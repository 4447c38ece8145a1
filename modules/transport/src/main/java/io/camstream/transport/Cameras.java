package io.camstream.transport;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** The server's cameras by name, in the order they were configured; the first is the default. */
final class Cameras {

    private final Map<String, FrameHub> byName = new LinkedHashMap<>();

    void add(FrameHub hub) {
        if (byName.putIfAbsent(hub.name(), hub) != null) {
            throw new IllegalArgumentException("two cameras are named '" + hub.name() + "'");
        }
    }

    Collection<FrameHub> all() {
        return byName.values();
    }

    FrameHub first() {
        return byName.values().iterator().next();
    }

    /**
     * The camera with that name, or the default one for an empty name.
     *
     * @throws StatusRuntimeException NOT_FOUND, listing the cameras there are
     */
    FrameHub find(String name) {
        if (name.isEmpty()) {
            return first();
        }
        FrameHub hub = byName.get(name);
        if (hub == null) {
            throw Status.NOT_FOUND.withDescription("no camera named '" + name + "'; this server has: "
                    + String.join(", ", byName.keySet())).asRuntimeException();
        }
        return hub;
    }
}
