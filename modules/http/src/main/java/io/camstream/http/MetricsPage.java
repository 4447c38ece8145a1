package io.camstream.http;

import java.io.IOException;
import java.io.OutputStream;

/** The Prometheus scrape, produced elsewhere (the metrics module); served at /metrics. */
public interface MetricsPage {

    /** The scrape's media type, e.g. {@code text/plain; version=0.0.4; charset=utf-8}. */
    String contentType();

    /** Writes the scrape; called on a request thread, once per scrape. */
    void write(OutputStream out) throws IOException;
}
