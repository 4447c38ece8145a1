package io.camstream.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What of a {@code --source} value may be shown: {@link SourceSpec#redacted()} and {@link SourceSpec#scrub}. */
class SourceSpecRedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "rtsp://admin:secret@cam.local:554/live | rtsp://admin:***@cam.local:554/live",
        "rtsps://admin:secret@cam.local/live | rtsps://admin:***@cam.local/live",
        "grpc://relay:t0ken@hub:50051/garage | grpc://relay:***@hub:50051/garage",
        "rtsp://:secret@cam/live | rtsp://:***@cam/live",
        // Percent-encoded '@' and ':' inside the password: the JDK's URI finds the user-info.
        "rtsp://admin:p%40ss%3Aw0rd@cam/live | rtsp://admin:***@cam/live",
        // An unencoded '@' (FFmpeg takes the last one): URI refuses the host, the last '@' ends the secret.
        "rtsp://admin:p@ss@cam/live | rtsp://admin:***@cam/live",
        "http://cam/video.mjpg?user=admin&password=S3cr3t&fps=5 | http://cam/video.mjpg?user=admin&password=***&fps=5",
        "http://cam/x?PassWord=a&Token=b&access_token=c&api-key=d&X-Amz-Signature=e&sig=f&monkey=g&pwd=h"
                + " | http://cam/x?PassWord=***&Token=***&access_token=***&api-key=***&X-Amz-Signature=***&sig=***"
                + "&monkey=g&pwd=***",
        "https://u:p1@cam/live?key=k2&auth=k3 | https://u:***@cam/live?key=***&auth=***",
        "http://cam/x?pass=a%26b&secret=c+d | http://cam/x?pass=***&secret=***",
    })
    void secretsAreMasked(String text, String shown) {
        SourceSpec spec = SourceSpec.parse(text);
        assertEquals(shown, spec.redacted());
        assertEquals(shown, spec.toString(), "toString is what string concatenation shows");
        assertEquals(text, spec.text(), "the provider still gets the real thing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pattern", "pattern?noise=0", "camera:0", "camera:/dev/video2?format=mjpg",
        "file:clip.mp4", "file:///tmp/clip 1.mp4", "file:/tmp/a:b@c.mp4", "rtsp://cam.local:554/live",
        "rtsp://admin@cam.local/live", "rtsp://admin:@cam.local/live", "http://cam/x?password=&user=admin",
        "http://cam/@me/x.mjpg", "grpc://hub:50051"})
    void textWithoutSecretsIsShownAsItIs(String text) {
        SourceSpec spec = SourceSpec.parse(text);
        assertEquals(text, spec.redacted());
        assertEquals(text, spec.toString());
        String message = "could not open " + text + ": error -111";
        assertEquals(message, spec.scrub(message));
    }

    @Test
    void aPasswordIsScrubbedInEveryFormALibraryMayQuoteIt() {
        SourceSpec spec = SourceSpec.parse("rtsp://admin:p%40ss%3Aw0rd@cam/live");
        for (String form : new String[] {"p%40ss%3Aw0rd", "p@ss:w0rd", "p%40ss%3aw0rd", "p@ss%3Aw0rd",
            "%70%40ss:w0rd"}) {
            String message = "avformat_open_input() error -111: Could not open input \"rtsp://admin:" + form
                    + "@cam/live\"";
            assertEquals("avformat_open_input() error -111: Could not open input \"rtsp://admin:***@cam/live\"",
                    spec.scrub(message), form);
        }
        assertNull(spec.scrub((String) null));
    }

    @Test
    void aTypedPasswordIsScrubbedWhenALibraryEncodesIt() {
        SourceSpec spec = SourceSpec.parse("rtsp://admin:s3cr3t!$ x@cam/live");
        assertEquals("user admin, password ***, url rtsp://admin:***@cam/live, encoded ***, form ***",
                spec.scrub("user admin, password s3cr3t!$ x, url rtsp://admin:s3cr3t!$ x@cam/live,"
                        + " encoded s3cr3t%21%24%20x, form s3cr3t!$+x"));
    }

    @Test
    void querySecretsAreScrubbedAsGivenOrDecoded() {
        SourceSpec spec = SourceSpec.parse("http://cam/x.mjpg?user=admin&password=S3cr3tPw&token=a%2Fb");
        assertEquals("GET /x.mjpg?user=admin&password=***&token=*** failed; token ***",
                spec.scrub("GET /x.mjpg?user=admin&password=S3cr3tPw&token=a%2Fb failed; token a/b"));
    }

    @Test
    void whereOneSecretContainsAnotherTheWholeIsMasked() {
        SourceSpec spec = SourceSpec.parse("http://u:abc@cam/x?token=abcdef");
        assertEquals("*** and ***", spec.scrub("abcdef and abc"));
    }

    @Test
    void errorMessagesAboutTheTextItselfAreRedacted() {
        IllegalArgumentException notASource = assertThrows(IllegalArgumentException.class,
                () -> SourceSpec.parse("1rtsp://admin:S3cr3tPw@cam/live"));
        assertFalse(notASource.getMessage().contains("S3cr3tPw"), notASource.getMessage());
        assertTrue(notASource.getMessage().contains("admin:***@cam"), notASource.getMessage());
        IllegalArgumentException badParameter = assertThrows(IllegalArgumentException.class,
                () -> SourceSpec.parse("camera:0?token=S3cr3tPw&format").parameters());
        assertFalse(badParameter.getMessage().contains("S3cr3tPw"), badParameter.getMessage());
        assertTrue(badParameter.getMessage().contains("token=***"), badParameter.getMessage());
    }

    @Test
    void aFailureQuotingThePasswordIsRetoldWithoutItCausesIncluded() {
        SourceSpec spec = SourceSpec.parse("rtsp://admin:S3cr3tPw@cam/live");
        FileNotFoundException ffmpeg = new FileNotFoundException(
                "Could not open input \"rtsp://admin:S3cr3tPw@cam/live\"");
        ffmpeg.addSuppressed(new IllegalStateException("also S3cr3tPw"));
        IOException failure = new IOException("cannot open " + spec.redacted() + ": " + ffmpeg.getMessage(), ffmpeg);

        IOException scrubbed = spec.scrub(failure);

        assertEquals("cannot open rtsp://admin:***@cam/live: Could not open input \"rtsp://admin:***@cam/live\"",
                scrubbed.getMessage());
        String trace = stackTrace(scrubbed);
        assertFalse(trace.contains("S3cr3tPw"), trace);
        assertTrue(trace.contains("Caused by: java.io.FileNotFoundException: Could not open input"
                + " \"rtsp://admin:***@cam/live\""), trace);
        assertTrue(trace.contains("Suppressed: java.lang.IllegalStateException: also ***"), trace);
        assertEquals(failure.getStackTrace()[0], scrubbed.getStackTrace()[0], "the stack is kept");
    }

    @Test
    void aFailureIsRetoldOnlyWhenItHoldsASecretAndKeepsItsKind() {
        SourceSpec spec = SourceSpec.parse("rtsp://admin:S3cr3tPw@cam/live");
        IOException clean = new IOException("connection refused", new IOException("errno 111"));
        assertSame(clean, spec.scrub(clean));
        // Only the cause leaks: the top message looked fine, the trace would not have.
        IOException deep = new IOException("cannot open", new IOException("rtsp://admin:S3cr3tPw@cam/live"));
        assertFalse(stackTrace(spec.scrub(deep)).contains("S3cr3tPw"));

        assertInstanceOf(SourceUnavailableException.class,
                spec.scrub(new SourceUnavailableException("no S3cr3tPw here")));
        assertInstanceOf(EndOfSourceException.class, spec.scrub(new EndOfSourceException("S3cr3tPw ended")));
        RuntimeException argument = spec.scrub(new IllegalArgumentException("bad S3cr3tPw"));
        assertInstanceOf(IllegalArgumentException.class, argument);
        assertEquals("bad ***", argument.getMessage());
        assertEquals("odd ***", spec.scrub(new UnsupportedOperationException("odd S3cr3tPw")).getMessage());
    }

    private static String stackTrace(Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
