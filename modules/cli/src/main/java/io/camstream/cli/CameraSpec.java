package io.camstream.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --source} value: {@code [NAME=]SOURCE}, e.g. {@code pattern}, {@code garage=grpc://hub:50051}
 * or {@code edge=publish}. Without a name the camera is called "default".
 *
 * @param name the camera's name, as subscribers ask for it
 * @param source where its frames come from
 */
record CameraSpec(String name, String source) {

    private static final Pattern NAMED = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]{0,63})=(.+)");

    static CameraSpec parse(String value) {
        // A URI's own '=' (in a query) comes after its scheme's ':', a camera name's before it.
        Matcher named = NAMED.matcher(value);
        int colon = value.indexOf(':');
        int equals = value.indexOf('=');
        if (named.matches() && (colon < 0 || equals < colon)) {
            return new CameraSpec(named.group(1), named.group(2));
        }
        return new CameraSpec("default", value);
    }
}
