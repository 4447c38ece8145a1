package io.camstream.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ClientTextTest {

    @Test
    void shortValuesAreEchoedAsTheyAre() {
        assertEquals("front-door_1.cam", ClientText.echo("front-door_1.cam"));
        assertEquals("x".repeat(64), ClientText.echo("x".repeat(64)));
    }

    @Test
    void longValuesAreCutTo64CharactersAndMarked() {
        assertEquals("x".repeat(64) + "…", ClientText.echo("x".repeat(1 << 20)));
        // A character outside the BMP is two chars: never cut in half.
        String emoji = "\uD83D\uDCF7";
        assertEquals("x".repeat(63) + "…", ClientText.echo("x".repeat(63) + emoji + "tail"));
    }

    @Test
    void controlCharactersCannotForgeLogLines() {
        assertEquals("cam?INFO: fake line?", ClientText.echo("cam\nINFO: fake line\r"));
    }

    @Test
    void descriptionsAreBoundedAsAWhole() {
        String described = ClientText.description("no camera named '" + "y".repeat(5000) + "'");
        assertEquals(ClientText.MAX_DESCRIPTION + 1, described.length());
        assertNull(ClientText.description(null));
    }
}
