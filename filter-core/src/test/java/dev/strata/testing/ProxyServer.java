package dev.strata.testing;

import dev.strata.StrataFilter;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.proxy.ProxyServlet;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Strata as a caching reverse proxy, the way the Jetty example's {@code --upstream} mode runs it:
 * Jetty's {@code ProxyServlet.Transparent} at the root context, StrataFilter on {@code /*}, on a free
 * loopback port. Jetty's own {@code Date} and {@code Server} fields stay on, as in production.
 */
public final class ProxyServer implements TestServer {
    private final Server server;
    private final URI base;

    private ProxyServer(Server server, URI base) {
        this.server = server;
        this.base = base;
    }

    /** Starts the proxy in front of {@code upstream}; the filter is named {@code strata}. */
    public static ProxyServer start(StrataFilter filter, Map<String, String> initParams, URI upstream)
            throws Exception {
        Server server = new Server();
        ServerConnector connector = LoopbackJetty.connector(server);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(LoopbackJetty.strata(filter, initParams), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder proxy = new ServletHolder(VerbatimProxy.class);
        proxy.setInitParameter("proxyTo", upstream.toString());
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        return new ProxyServer(server, LoopbackJetty.start(server, connector, context));
    }

    /**
     * Jetty's transparent proxy with the response fields copied line by line as the upstream sent
     * them, as the Jetty example's proxy mode does: Jetty 12.1 re-joins each field from its parsed
     * values, which drops the quotes of {@code no-cache="a, b"} and the like. Hop-by-hop fields and
     * those the upstream's {@code Connection} names stay behind (RFC 9110 §7.6.1). A copy of the
     * example's {@code StrataProxyServlet}, which filter-core cannot depend on: keep the two alike.
     */
    public static final class VerbatimProxy extends ProxyServlet.Transparent {
        private static final long serialVersionUID = 1L;

        /** As the example's proxy: interim 1xx responses are consumed, not taken for the final one. */
        @Override
        public void init() throws jakarta.servlet.ServletException {
            super.init();
            getHttpClient().getProtocolHandlers().put(new org.eclipse.jetty.client.EarlyHintsProtocolHandler());
            getHttpClient().getProtocolHandlers().put(new org.eclipse.jetty.client.ProcessingProtocolHandler());
        }

        /** As the example's proxy: field values keep the upstream's letter case from response to response. */
        @Override
        protected org.eclipse.jetty.client.HttpClient newHttpClient(org.eclipse.jetty.io.ClientConnector connector) {
            org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP http =
                    new org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP(connector);
            http.setHeaderCacheCaseSensitive(true);
            return new org.eclipse.jetty.client.HttpClient(http);
        }

        @Override
        protected void onServerResponseHeaders(jakarta.servlet.http.HttpServletRequest clientRequest,
                jakarta.servlet.http.HttpServletResponse proxyResponse, org.eclipse.jetty.client.Response serverResponse) {
            java.util.Set<String> connectionNamed = new java.util.HashSet<>();
            for (String connection : serverResponse.getHeaders().getValuesList("Connection")) {
                for (String token : connection.split(",")) {
                    connectionNamed.add(token.trim().toLowerCase(java.util.Locale.ROOT));
                }
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (org.eclipse.jetty.http.HttpField field : serverResponse.getHeaders()) {
                String lower = field.getName().toLowerCase(java.util.Locale.ROOT);
                if (HOP_HEADERS.contains(lower) || connectionNamed.contains(lower) || field.getValue() == null) {
                    continue;
                }
                if (seen.add(lower)) {
                    proxyResponse.setHeader(field.getName(), field.getValue());
                } else {
                    proxyResponse.addHeader(field.getName(), field.getValue());
                }
            }
        }
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
