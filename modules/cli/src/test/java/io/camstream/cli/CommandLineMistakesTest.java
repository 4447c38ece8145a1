package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every mistake on the command line ends with status 2, before anything is opened, listened on or
 * connected to, with one line that names the flag and what it accepts, then a pointer to help; never a
 * stack trace. In this JVM: none of these gets far enough to need a server.
 */
@Timeout(60)
class CommandLineMistakesTest {

    private static final String TARGET = "; expected HOST:PORT such as 127.0.0.1:50051 or [::1]:50051";
    private static final String FPS = "is out of range: frames per second must be more than 0 and at most 1000";
    private static final String SECONDS =
            "is out of range: seconds must be more than 0 (fractions allowed, such as 0.5)";
    private static final String SIZE = "is out of range: frames are from 160x120 to 7680x4320";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // view
        "view --headless --target host:abc|view: Invalid value for option '--target': 'host:abc': the port must be "
                + "a number from 1 to 65535" + TARGET,
        "view --headless --target 127.0.0.1:99999|view: Invalid value for option '--target': '127.0.0.1:99999': the "
                + "port must be a number from 1 to 65535" + TARGET,
        "view --headless --target ::1:50051|view: Invalid value for option '--target': '::1:50051': an IPv6 address "
                + "goes in brackets, as in [::1]:50051" + TARGET,
        "view --headless --seconds -1|view: Invalid value for option '--seconds': '-1' " + SECONDS,
        "view --headless --seconds 0|view: Invalid value for option '--seconds': '0' " + SECONDS,
        "view --headless --seconds Infinity|view: Invalid value for option '--seconds': 'Infinity' " + SECONDS,
        "view --headless --seconds NaN|view: Invalid value for option '--seconds': 'NaN' " + SECONDS,
        "view --headless --seconds soon|view: Invalid value for option '--seconds': 'soon' is not a number of seconds",
        "view --headless --max-fps -1|view: Invalid value for option '--max-fps': '-1' " + FPS,
        "view --headless --max-fps Infinity|view: Invalid value for option '--max-fps': 'Infinity' " + FPS,
        "view --headless --frames 0|view: --frames must be at least 1, got 0",
        "view --headless --frames -3|view: --frames must be at least 1, got -3",
        "view --headless --subscribers 0|view: --subscribers must be between 1 and 1000, got 0",
        "view --headless --subscribers 1001|view: --subscribers must be between 1 and 1000, got 1001",
        "view --headless --quality 0|view: --quality must be between 1 and 100, got 0",
        "view --headless --max-size 0x0|view: Invalid value for option '--max-size': '0x0' is not a size; expected "
                + "WIDTHxHEIGHT such as 640x480",
        "view --headless --max-message-bytes 1000|view: --max-message-bytes must be at least 65536, got 1000",
        "view --headless --max-message-bytes 2147483648|view: Invalid value for option '--max-message-bytes': "
                + "'2147483648' is not an int",
        // server
        "server --fps -5|server: Invalid value for option '--fps': '-5' " + FPS,
        "server --fps 2000|server: Invalid value for option '--fps': '2000' " + FPS,
        "server --fps NaN|server: Invalid value for option '--fps': 'NaN' " + FPS,
        "server --fps 0|server: Invalid value for option '--fps': '0' " + FPS,
        "server --size 0x0|server: Invalid value for option '--size': '0x0' is not a size; expected WIDTHxHEIGHT "
                + "such as 640x480",
        "server --size 10x10|server: Invalid value for option '--size': '10x10' " + SIZE,
        "server --size 100000x100000|server: Invalid value for option '--size': '100000x100000' " + SIZE,
        "server --quality 0|server: --quality: JPEG quality must be between 1 and 100, got 0",
        "server --port 65536|server: --port must be in 0..65535, got 65536",
        "server --nats nats://127.0.0.1:4222 --nats-ca /etc/hostname|server: --nats-ca is for TLS: give --nats "
                + "tls://HOST:PORT URLs",
        "server --nats tls://127.0.0.1:4222 --nats-ca /nonexistent/ca.pem|server: --nats-ca: cannot read "
                + "/nonexistent/ca.pem",
        "server --source front=nats://u:p@h1,h2:4223/front --nats nats://h2:4223|server: camera 'front' reads "
                + "camstream.front.frames from NATS and --nats would publish it there again, to itself; give the "
                + "edge's camera another name (front-edge=…) or leave out --nats",
        "server --max-subscribers -1|server: --max-subscribers must not be negative, got -1",
        "server --keepalive 0|server: --keepalive must be at least 1 second, got 0",
        "server --bind nosuch.invalid|server: --bind: no such address 'nosuch.invalid'; give an address of this "
                + "machine, such as 127.0.0.1, or 0.0.0.0 for every interface",
        "server --bind 192.0.2.1|server: --bind: 192.0.2.1 is not an address of this machine; give one of its own, "
                + "such as 127.0.0.1, or 0.0.0.0 for every interface",
        "server --max-pixels 0|server: Invalid value for option '--max-pixels': '0' is out of range: a picture has "
                + "at least one pixel",
        "server --max-pixels huge|server: Invalid value for option '--max-pixels': 'huge' is not a picture size (WxH, "
                + "such as 8192x8192) or a pixel count",
        "server --max-pixels 100000x100000|server: --max-pixels: max pixels must be in 1..715827882, got 10000000000",
        "server --publish-claim-timeout 1|server: --publish-claim-timeout: the publish claim timeout must be at "
                + "least 2 s, got 1000 ms",
        "server --max-calls-per-connection 0|server: --max-calls-per-connection: max calls per connection must be "
                + "positive, got 0",
        "server --max-streams-per-address -1|server: --max-streams-per-address: max streams per address must not be "
                + "negative (0: no limit), got -1",
        "server --max-variants -2|server: --max-variants: max variants must not be negative (0: no limit), got -2",
        "server --handshake-timeout 0|server: Invalid value for option '--handshake-timeout': '0' " + SECONDS,
        "server --max-resets-per-10s -1|server: --max-resets-per-10s: max RST_STREAM frames per window must not be "
                + "negative (0: no limit), got -1",
        "server --http-port 70000|server: --http-port must be in 0..65535, got 70000",
        // publish
        "publish --camera edge --to host:abc|publish: Invalid value for option '--to': 'host:abc': the port must be "
                + "a number from 1 to 65535" + TARGET,
        "publish --camera edge --to 127.0.0.1:1 --fps -1|publish: Invalid value for option '--fps': '-1' " + FPS,
        "publish --camera edge --to 127.0.0.1:1 --size 10x10|publish: Invalid value for option '--size': '10x10' "
                + SIZE,
        "publish --camera edge --to 127.0.0.1:1 --frames 0|publish: --frames must be at least 1, got 0",
        "publish --camera edge --to 127.0.0.1:1 --seconds -1|publish: Invalid value for option '--seconds': '-1' "
                + SECONDS,
        "publish --camera edge --to 127.0.0.1:1 --quality 101|publish: --quality: JPEG quality must be between 1 "
                + "and 100, got 101",
        // encoders
        "encoders --measure --size 10x10|encoders: Invalid value for option '--size' (WxH): '10x10' " + SIZE,
        "encoders --measure --size 640x480,0x0|encoders: Invalid value for option '--size' (WxH): '0x0' is not a "
                + "size; expected WIDTHxHEIGHT such as 640x480",
        "encoders --measure --frames 0|encoders: --frames must be at least 1, got 0",
        "encoders --measure --quality 0|encoders: --quality: JPEG quality must be between 1 and 100, got 0"})
    void isRefusedWithOneLineNamingTheFlagAndItsRange(String args, String line) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args.split(" "));

        String[] lines = err.toString().split("\\R");
        assertEquals(2, exit, err.toString());
        assertEquals("camstream " + line, lines[0]);
        String command = args.substring(0, args.indexOf(' '));
        assertEquals("see 'camstream " + command + " --help' for the options", lines[1]);
        assertEquals(2, lines.length, "nothing else: " + err);
        assertEquals("", out.toString(), "nothing printed before the mistake was found");
        assertFalse(err.toString().contains("Exception"), err.toString());
    }
}
