package io.camstream.server;

import io.grpc.Grpc;
import io.grpc.ServerCall;
import java.security.cert.Certificate;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** The names a mutual-TLS client's certificate gives it: its common name and subject alternative names. */
final class PeerCertificates {

    /** The SAN kinds that are text: rfc822Name (e-mail), dNSName, uniformResourceIdentifier, iPAddress. */
    private static final List<Integer> TEXT_NAMES = List.of(1, 2, 6, 7);

    private PeerCertificates() {
    }

    /** The client certificate's names, or none for a call without one (plaintext, or TLS without client auth). */
    static List<String> names(ServerCall<?, ?> call) {
        SSLSession session = call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION);
        if (session == null) {
            return List.of();
        }
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
        return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? names(leaf) : List.of();
    }

    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    names.add(rdn.getValue().toString());
                }
            }
        } catch (InvalidNameException e) {
            // A subject Java itself printed is always a valid name; nothing to add if not.
        }
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (TEXT_NAMES.contains(alternative.get(0)) && alternative.get(1) instanceof String name) {
                        names.add(name);
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension names nothing.
        }
        return names;
    }
}
