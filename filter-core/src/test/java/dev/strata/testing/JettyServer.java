package dev.strata.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** Embedded Jetty 12 (ee10) on a free loopback port, the filter registered programmatically. */
public final class JettyServer implements TestServer {
    private final Server server;
    private final URI base;

    private JettyServer(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    /** Starts Jetty; the filter is named {@code strata}. */
    public static JettyServer start(Filter filter, Map<String, String> initParams, HttpServlet origin)
            throws Exception {
        return start(filter, initParams, origin, false);
    }

    /**
     * Starts Jetty as deployed behind a TLS-terminating proxy it trusts: Jetty's
     * {@code ForwardedRequestCustomizer} makes {@code X-Forwarded-Proto} and {@code Forwarded} the
     * request's scheme, host and port, as the container resolves them.
     */
    public static JettyServer startBehindProxy(Filter filter, Map<String, String> initParams, HttpServlet origin)
            throws Exception {
        return start(filter, initParams, origin, true);
    }

    private static JettyServer start(Filter filter, Map<String, String> initParams, HttpServlet origin,
            boolean forwarded) throws Exception {
        Server server = new Server();
        ServerConnector connector = LoopbackJetty.connector(server);
        if (forwarded) {
            connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class).getHttpConfiguration()
                    .addCustomizer(new org.eclipse.jetty.server.ForwardedRequestCustomizer());
        }
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addFilter(LoopbackJetty.strata(filter, initParams), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        String adminPath = initParams.get("adminPath");
        if (adminPath != null && !adminPath.isEmpty()) {
            // the admin endpoint is answered by the filter itself: map it there too
            context.getServletHandler().addFilterMapping(mapping("strata", adminPath + "/*"));
        }
        ServletHolder servlet = new ServletHolder(origin);
        servlet.setAsyncSupported(true);
        context.addServlet(servlet, "/api/*");
        return new JettyServer(server, LoopbackJetty.start(server, connector, context));
    }

    private static org.eclipse.jetty.ee10.servlet.FilterMapping mapping(String filterName, String pattern) {
        org.eclipse.jetty.ee10.servlet.FilterMapping m = new org.eclipse.jetty.ee10.servlet.FilterMapping();
        m.setFilterName(filterName);
        m.setPathSpec(pattern);
        m.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        return m;
    }

    @Override
    public URI base() {
        return base;
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
