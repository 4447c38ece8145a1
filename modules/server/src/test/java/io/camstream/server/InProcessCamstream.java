package io.camstream.server;

import io.camstream.client.CamstreamClient;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * A camstream server on gRPC's in-process transport and a client connected to it: the real services,
 * without sockets, for tests where speed matters. Closing it closes both.
 */
final class InProcessCamstream implements AutoCloseable {

    final CamstreamServer server;
    final CamstreamClient client;

    private InProcessCamstream(CamstreamServer server, CamstreamClient client) {
        this.server = server;
        this.client = client;
    }

    /** Starts the configured server in-process, under a fresh name, and connects a client. */
    static InProcessCamstream start(CamstreamServer.Builder builder) throws Exception {
        String name = InProcessServerBuilder.generateName();
        CamstreamServer server = builder.transport(InProcessServerBuilder.forName(name)).start();
        return new InProcessCamstream(server, CamstreamClient.over(InProcessChannelBuilder.forName(name).build()));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
