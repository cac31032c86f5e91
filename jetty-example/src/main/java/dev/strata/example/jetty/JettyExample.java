package dev.strata.example.jetty;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import dev.strata.example.demo.BigServlet;
import dev.strata.example.demo.CatalogServlet;
import dev.strata.example.demo.ChaosOrigin;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.ExampleMain;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.demo.ExampleServer;
import dev.strata.example.demo.MeServlet;
import dev.strata.example.demo.OriginCountServlet;
import dev.strata.example.demo.OriginCounter;
import dev.strata.example.demo.RunningExample;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import java.util.EnumSet;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Strata on embedded Jetty 12 (ee10), the filter registered in code.
 *
 * <pre>
 * java -jar jetty-example/target/jetty-example.jar [--port 8080] [--cluster-port 5701]
 *      [--members 127.0.0.1:5701,127.0.0.1:5702] [--origin-delay-ms 50] [--upstream http://HOST:PORT]
 *      [--client] [--init-param name=value]... [--chaos] [--admin-token T]
 * </pre>
 *
 * <p>Starts a Hazelcast member (see {@link DemoCluster}), or with {@code --client} a Hazelcast
 * client of {@code --members} (members started with {@code StrataMember}), then Jetty on 127.0.0.1 with:
 * <ul>
 *   <li>StrataFilter on {@code /api/*} (REQUEST dispatches), {@code hazelcastInstance} naming that member;
 *       with {@code --admin-token T} also on {@code /_strata/*}, where it answers the admin endpoint
 *       itself ({@code adminPath=/_strata}, {@code adminToken=T}): {@code PURGE /api/...},
 *       {@code POST /_strata/purge}, {@code GET /_strata/stats}</li>
 *   <li>the demo origin: {@code /api/catalog/{id}}, {@code /api/me}, {@code /api/big?bytes=N}</li>
 *   <li>{@code /demo/origin-count}, outside the filter</li>
 *   <li>with {@code --chaos}, the fault-test origin and control endpoints of {@link ChaosOrigin}, and
 *       request and response header fields up to 256 KiB (so that oversized fields reach the filter)</li>
 * </ul>
 *
 * <p>With {@code --upstream}, it is a standalone caching reverse proxy instead: StrataFilter on
 * {@code /*} in front of {@link StrataProxyServlet} at the root context, forwarding every request to
 * the upstream; the demo origin is not mounted.
 *
 * <p>Tests use {@link #start(ExampleOptions)} and {@link #close()}.
 */
public final class JettyExample extends RunningExample {

    /** Name of the filter, also the prefix of the Hazelcast instance name. */
    public static final String FILTER_NAME = "strata-jetty";

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;

    private JettyExample(Server server, ServerConnector connector, ServletContextHandler context,
            HazelcastInstance hazelcast, OriginCounter originCounter) {
        super(hazelcast, originCounter);
        this.server = server;
        this.connector = connector;
        this.context = context;
    }

    public static void main(String[] args) {
        ExampleMain.run("jetty-example", args, JettyExample::start, true);
    }

    /** Starts the Hazelcast member or client, then Jetty. On failure, whatever started is stopped again. */
    public static JettyExample start(ExampleOptions options) throws Exception {
        String instanceName = DemoCluster.instanceName(FILTER_NAME, options.port());
        HazelcastInstance hazelcast = DemoCluster.start(instanceName, options);
        Server server = JettyTuning.server();
        try {
            ServerConnector connector;
            if (options.chaos()) {
                HttpConfiguration http = new HttpConfiguration();
                http.setRequestHeaderSize(256 * 1024);
                http.setResponseHeaderSize(256 * 1024);
                connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setPort(options.port());
            } else {
                connector = JettyTuning.connector(server, options.port());
            }
            if (options.upstream() != null) {
                connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                        .setUriCompliance(PROXY_URI_COMPLIANCE);
            }
            server.addConnector(connector);

            OriginCounter originCounter = new OriginCounter();
            ServletContextHandler context = options.upstream() != null
                    ? proxyContext(instanceName, options)
                    : context(instanceName, originCounter, options);
            server.setHandler(context);
            server.start();
            return new JettyExample(server, connector, context, hazelcast, originCounter);
        } catch (Exception | Error e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            hazelcast.shutdown();
            throw e;
        }
    }

    /**
     * What request targets the proxy passes on: Jetty's default answers 400 to ambiguous paths
     * ({@code /a%2Fb}, {@code /a//b}, {@code %25}, {@code %5C}) because servlet mappings and
     * security constraints could read them two ways. The proxy maps every path to one servlet and
     * forwards the target as it came, and Strata keys on it as it came, so the upstream alone decides
     * what such a path means. Control characters and malformed encodings are still refused.
     */
    static final UriCompliance PROXY_URI_COMPLIANCE = UriCompliance.DEFAULT.with("strata-proxy",
            UriCompliance.Violation.AMBIGUOUS_PATH_SEGMENT, UriCompliance.Violation.AMBIGUOUS_EMPTY_SEGMENT,
            UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_PARAMETER,
            UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING, UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS);

    /** The reverse-proxy mode: StrataFilter on /* in front of the proxy servlet, nothing else mounted. */
    private static ServletContextHandler proxyContext(String instanceName, ExampleOptions options) {
        String upstream = options.upstream().toString();
        ServletContextHandler context = new ServletContextHandler("/");
        // the servlet layer's own check of the same ambiguities (it would answer 400 as well)
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        FilterHolder strata = strataFilter(instanceName, options);
        context.addFilter(strata, "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder proxy = new ServletHolder("proxy", StrataProxyServlet.class);
        proxy.setInitParameter("proxyTo", upstream);
        // the proxy servlet answers asynchronously; Strata stores the response once it completes
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        return context;
    }

    private static FilterHolder strataFilter(String instanceName, ExampleOptions options) {
        FilterHolder strata = new FilterHolder(StrataFilter.class);
        strata.setName(FILTER_NAME);
        strata.setAsyncSupported(true);
        strata.setInitParameter("hazelcastInstance", instanceName);
        strata.setInitParameter("tier2Map", DemoCluster.TIER2_MAP);
        strata.setInitParameter("tier1MaxBytes", "64m");
        strata.setInitParameter("maxEntryBytes", "1m");
        // Several JVMs share a developer's few cores here: a tier-2 call on a busy box can take more
        // than the 100 ms default meant for a production network, and the breaker would open.
        strata.setInitParameter("tier2Timeout", "500ms");
        options.initParams().forEach(strata::setInitParameter);
        if (options.adminEnabled()) {
            // The admin endpoint is answered by the filter itself, so it needs a mapping there too.
            strata.setInitParameter("adminPath", ExampleOptions.ADMIN_PATH);
            strata.setInitParameter("adminToken", options.adminToken());
        }
        return strata;
    }

    private static ServletContextHandler context(String instanceName, OriginCounter originCounter,
            ExampleOptions options) {
        long delayMs = options.originDelayMs();
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(strataFilter(instanceName, options), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        if (options.adminEnabled()) {
            // PURGE on /api/* reaches it through the mapping above
            context.getServletHandler().addFilterMapping(adminMapping());
        }

        context.addServlet(new ServletHolder("catalog", new CatalogServlet(originCounter, delayMs)), "/api/catalog/*");
        context.addServlet(new ServletHolder("me", new MeServlet(originCounter)), "/api/me");
        context.addServlet(new ServletHolder("big", new BigServlet(originCounter,
                options.chaos() ? BigServlet.CHAOS_MAX_BYTES : BigServlet.MAX_BYTES)), "/api/big");
        if (options.chaos()) {
            ChaosOrigin chaos = new ChaosOrigin(originCounter, delayMs,
                    () -> ExampleServer.publishedFilter(context.getServletContext(), FILTER_NAME));
            for (Map.Entry<String, jakarta.servlet.http.HttpServlet> e : chaos.servlets().entrySet()) {
                context.addServlet(new ServletHolder("chaos" + e.getKey(), e.getValue()), e.getKey());
            }
        }
        context.addServlet(new ServletHolder("origin-count", new OriginCountServlet(originCounter)),
                "/demo/origin-count");
        return context;
    }

    private static FilterMapping adminMapping() {
        FilterMapping mapping = new FilterMapping();
        mapping.setFilterName(FILTER_NAME);
        mapping.setPathSpec(ExampleOptions.ADMIN_PATH + "/*");
        mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
        return mapping;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    protected ServletContext servletContext() {
        return context.getServletContext();
    }

    @Override
    protected void stopContainer() throws Exception {
        server.stop();
    }
}
