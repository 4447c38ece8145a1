package io.camstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** {@code HOST:PORT} values are checked before gRPC sees them, and kept as given. */
class ServerAddressTest {

    private final ServerAddress converter = new ServerAddress();

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:50051", "localhost:1", "camera-hub.local:65535", "cam.example.org.:50051",
            "[::1]:50051", "[2001:db8::7]:443", "10.0.0.1:8080"})
    void acceptsHostsPortsAndBracketedIpv6AsGiven(String target) {
        assertEquals(target, converter.convert(target));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "host:abc|'host:abc': the port must be a number from 1 to 65535",
        "127.0.0.1:99999|'127.0.0.1:99999': the port must be a number from 1 to 65535",
        "127.0.0.1:0|'127.0.0.1:0': the port must be a number from 1 to 65535",
        "127.0.0.1:-1|'127.0.0.1:-1': the port must be a number from 1 to 65535",
        "127.0.0.1:|'127.0.0.1:': the port must be a number from 1 to 65535",
        "localhost|'localhost': no port",
        ":50051|':50051': no host",
        "::1:50051|'::1:50051': an IPv6 address goes in brackets, as in [::1]:50051",
        "[zz]:50051|'[zz]:50051': 'zz' is not an IPv6 address",
        "[]:50051|'[]:50051': '' is not an IPv6 address",
        "300.1.1.1:50051|'300.1.1.1:50051': '300.1.1.1' is neither a host name nor an IP address",
        "bad_host!:50051|'bad_host!:50051': 'bad_host!' is neither a host name nor an IP address",
        "-cam:50051|'-cam:50051': '-cam' is neither a host name nor an IP address",
        "grpc://cam:50051|'grpc://cam:50051': a server is given without a scheme or path"})
    void refusesAnythingElseSayingWhatIsWrongAndWhatIsExpected(String target, String reason) {
        TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(target));
        assertEquals(reason + "; expected HOST:PORT such as 127.0.0.1:50051 or [::1]:50051", e.getMessage());
    }
}
