package io.camstream.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Checks a {@code HOST:PORT} option value ({@code view --target}, {@code publish --to}) before anything
 * connects: gRPC takes a malformed target apart only when it connects, in a thread of its own, where a
 * port out of range is a stack trace and a viewer waiting forever. A host is a DNS name, an IPv4
 * address or an IPv6 address in brackets; the value is returned as given.
 */
final class ServerAddress implements ITypeConverter<String> {

    private static final String EXAMPLE = "expected HOST:PORT such as 127.0.0.1:50051 or [::1]:50051";
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DNS_NAME = Pattern.compile("(?=.{1,253}$)" + LABEL + "(\\." + LABEL + ")*\\.?");
    private static final Pattern DOTTED_NUMBERS = Pattern.compile("[0-9]+(\\.[0-9]+){3}");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    @Override
    public String convert(String value) {
        if (value.contains("/")) {
            throw invalid(value, "a server is given without a scheme or path");
        }
        int colon = value.lastIndexOf(':');
        if (colon < 0) {
            throw invalid(value, "no port");
        }
        String host = value.substring(0, colon);
        String port = value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            requireIpv6(value, host);
        } else if (host.contains(":")) {
            throw invalid(value, "an IPv6 address goes in brackets, as in [::1]:50051");
        } else if (host.isEmpty()) {
            throw invalid(value, "no host");
        } else if (DOTTED_NUMBERS.matcher(host).matches() ? !isIpv4(host) : !DNS_NAME.matcher(host).matches()) {
            throw invalid(value, "'" + host + "' is neither a host name nor an IP address");
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw invalid(value, "the port must be a number from 1 to 65535");
        }
        return value;
    }

    private static void requireIpv6(String value, String bracketed) {
        String address = bracketed.substring(1, bracketed.length() - 1);
        // In brackets the JDK accepts an IPv6 literal only and never asks DNS.
        try {
            if (address.isEmpty() || !address.contains(":") || InetAddress.getByName(bracketed) == null) {
                throw invalid(value, "'" + address + "' is not an IPv6 address");
            }
        } catch (UnknownHostException e) {
            throw invalid(value, "'" + address + "' is not an IPv6 address");
        }
    }

    private static boolean isIpv4(String host) {
        for (String part : host.split("\\.")) {
            if (part.length() > 3 || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static TypeConversionException invalid(String value, String reason) {
        return new TypeConversionException("'" + value + "': " + reason + "; " + EXAMPLE);
    }
}
