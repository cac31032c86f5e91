package dev.strata.example.jetty;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * How the examples set up Jetty: one place, so that {@link JettyExample} and {@link BenchServer}
 * (and so the benchmark figures) run the same server.
 */
final class JettyTuning {
    private JettyTuning() {
    }

    /** A server with its thread pool. */
    static Server server() {
        return new Server();
    }

    /** An HTTP/1.1 connector on 127.0.0.1. */
    static ServerConnector connector(Server server, int port) {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        return connector;
    }
}
