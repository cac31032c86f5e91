package dev.strata.testing;

import jakarta.servlet.Filter;
import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** What the Jetty test servers share: a connector on a free port of 127.0.0.1, the filter's holder. */
final class LoopbackJetty {
    private LoopbackJetty() {
    }

    /** A server with one connector on 127.0.0.1, port chosen by the system. */
    static ServerConnector connector(Server server) {
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        return connector;
    }

    /** The filter, named {@code strata}, with its init-params; async supported. */
    static FilterHolder strata(Filter filter, Map<String, String> initParams) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setName("strata");
        holder.setInitParameters(initParams);
        holder.setAsyncSupported(true);
        return holder;
    }

    /** Starts {@code server} with {@code handler}; the base URI it serves. */
    static URI start(Server server, ServerConnector connector, Handler handler) throws Exception {
        server.setHandler(handler);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }
}
