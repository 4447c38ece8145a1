package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class FrameSizeTest {

    private final FrameSize.Converter converter = new FrameSize.Converter();

    @Test
    void parsesWidthByHeight() {
        assertEquals(new FrameSize(1920, 1080), converter.convert("1920x1080"));
        assertEquals(new FrameSize(640, 480), converter.convert("640X480"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"640-480", "640x", "x480", "0x480", "640x-1", "axb", "640x480x3", ""})
    void rejectsAnythingElseWithTheExpectedForm(String value) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(value));
        assertEquals("'" + value + "' is not a size; expected WIDTHxHEIGHT such as 640x480", e.getMessage());
    }
}
