package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one warning line a server on a network address prints when it lacks encryption or access control. */
class ExposureWarningTest {

    private static final String ADDRESS = "0.0.0.0:50051";

    @Test
    void loopbackOrFullyProtectedServersSayNothing() {
        assertEquals(Optional.empty(), ServerCommand.exposureWarning(ADDRESS, true, false, false, false));
        assertEquals(Optional.empty(), ServerCommand.exposureWarning(ADDRESS, false, true, true, false));
        assertEquals(Optional.empty(), ServerCommand.exposureWarning(ADDRESS, false, true, false, true),
                "mutual TLS alone admits only the CA's clients");
    }

    @Test
    void eachGapIsNamedWithItsFix() {
        String open = ServerCommand.exposureWarning(ADDRESS, false, false, false, false).orElseThrow();
        assertTrue(open.startsWith("anyone who can reach 0.0.0.0:50051 can watch every camera") && open.contains(
                "unencrypted") && open.contains("--auth-file") && open.contains("--tls-cert"), open);

        String plaintextTokens = ServerCommand.exposureWarning(ADDRESS, false, false, true, false).orElseThrow();
        assertTrue(plaintextTokens.startsWith("tokens and frames cross the network unencrypted"), plaintextTokens);

        String encryptedOpen = ServerCommand.exposureWarning(ADDRESS, false, true, false, false).orElseThrow();
        assertTrue(encryptedOpen.contains("without access control") && encryptedOpen.contains("--auth-file"),
                encryptedOpen);
    }
}
