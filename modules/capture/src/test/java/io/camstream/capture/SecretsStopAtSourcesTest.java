package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.camstream.capture.spi.Availability;
import io.camstream.capture.spi.SourceProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Sources} is where a source's secrets stop: a provider that quotes the URL it was given, in
 * its failures or its description, as FFmpeg does, still shows nothing of the password to callers.
 */
@Timeout(30)
class SecretsStopAtSourcesTest {

    private static final String URL = "leak://admin:S3cr3tPw@cam.local/live?token=T0k3n";
    private static final String SHOWN = "leak://admin:***@cam.local/live?token=***";

    private final LeakyProvider leaky = new LeakyProvider();
    private final Sources sources = Sources.of(List.of(leaky, new TestPatternSourceProvider()));

    @Test
    void failuresToOpenAreScrubbedCausesAndAll() {
        leaky.failOpen = new SourceUnavailableException("cannot open " + URL,
                new IOException("Could not open input \"" + URL + "\""));
        SourceUnavailableException e = assertThrows(SourceUnavailableException.class,
                () -> sources.open(URL, SourceOptions.defaults()));
        assertEquals("cannot open " + SHOWN, e.getMessage());
        assertHidden(stackTrace(e));

        leaky.failOpen = new IllegalArgumentException("'" + URL + "' is odd");
        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> sources.open(URL, SourceOptions.defaults()));
        assertEquals("'" + SHOWN + "' is odd", odd.getMessage());
    }

    @Test
    void anOpenSourceDescribesItselfAndFailsWithoutItsSecrets() throws Exception {
        FrameSource source = sources.open(URL, SourceOptions.defaults());
        assertEquals(SHOWN + " (leaky)", source.info().description());
        IOException failed = assertThrows(IOException.class, source::grab);
        assertEquals("reading " + SHOWN + " failed", failed.getMessage());
        assertHidden(stackTrace(failed));
        leaky.ended = true;
        assertInstanceOf(EndOfSourceException.class, assertThrows(IOException.class, source::grab),
                "a supervisor tells the end of a file from a failure by its kind");
    }

    @Test
    void unsupportedSourcesAreNamedRedacted() {
        for (String text : List.of("rtmp://admin:S3cr3tPw@cam/live", "1rtsp://admin:S3cr3tPw@cam/live")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> sources.open(text, SourceOptions.defaults()));
            assertTrue(e.getMessage().startsWith("unsupported source '"), e.getMessage());
            assertTrue(e.getMessage().contains("admin:***@cam/live'"), e.getMessage());
            assertHidden(e.getMessage());
        }
    }

    @Test
    void aSupervisedSourceDownFromTheStartDescribesItselfRedacted() throws Exception {
        leaky.failOpen = new IOException("connection to " + URL + " refused");
        SourceSpec spec = sources.parse(URL);
        SourceInfo expected = new SourceInfo(spec.redacted(), 64, 48, 10, PixelFormat.BGR24);
        Supervision quick = new Supervision(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(10),
                Duration.ofMillis(20), 10);
        try (SupervisedSource supervised = SupervisedSource.start(spec.redacted(), () -> sources.open(spec,
                SourceOptions.defaults()), quick, expected)) {
            assertFalse(supervised.isUp());
            assertTrue(supervised.grab().placeholder());
            assertEquals(SHOWN + " (no signal, retrying)", supervised.info().description());
        }
    }

    private static void assertHidden(String text) {
        assertFalse(text.contains("S3cr3tPw"), text);
        assertFalse(text.contains("T0k3n"), text);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }

    /** A provider as careless as a library can be: it quotes its whole URL everywhere. */
    private static final class LeakyProvider implements SourceProvider {
        volatile Exception failOpen;
        volatile boolean ended;

        @Override
        public String name() {
            return "leaky";
        }

        @Override
        public List<String> schemes() {
            return List.of("leak");
        }

        @Override
        public List<String> forms() {
            return List.of("leak://HOST");
        }

        @Override
        public String description() {
            return "quotes its URL everywhere";
        }

        @Override
        public Availability availability() {
            return Availability.yes();
        }

        @Override
        public FrameSource open(SourceSpec spec, SourceOptions options) throws IOException {
            if (failOpen instanceof IOException io) {
                throw io;
            }
            if (failOpen instanceof RuntimeException runtime) {
                throw runtime;
            }
            SourceInfo info = new SourceInfo(spec.text() + " (leaky)", 64, 48, 10, PixelFormat.BGR24);
            return new FrameSource() {
                @Override
                public SourceInfo info() {
                    return info;
                }

                @Override
                public Frame grab() throws IOException {
                    if (ended) {
                        throw new EndOfSourceException(spec.text() + " ended");
                    }
                    throw new IOException("reading " + spec.text() + " failed", new IOException(spec.text()));
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
