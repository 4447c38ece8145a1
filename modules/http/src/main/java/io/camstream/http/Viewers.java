package io.camstream.http;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The MJPEG streams running now, checked again when the access rules change. */
final class Viewers {

    private final Set<MjpegStream> streams = ConcurrentHashMap.newKeySet();

    void add(MjpegStream stream) {
        streams.add(stream);
    }

    void remove(MjpegStream stream) {
        streams.remove(stream);
    }

    /** Ends every stream that {@code access} no longer allows. */
    void recheck(HttpAccess access) {
        for (MjpegStream stream : streams) {
            HttpAccess.Verdict verdict = access.check(stream.token(), stream.camera().name());
            if (!verdict.allowed()) {
                stream.revoke("access withdrawn: " + verdict.reason());
            }
        }
    }
}
