package dev.strata.example.jetty;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import dev.strata.example.demo.BigServlet;
import dev.strata.example.demo.CatalogServlet;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.ExampleMain;
import dev.strata.example.demo.ExampleOptions;
import dev.strata.example.demo.ExampleServer;
import dev.strata.example.demo.MeServlet;
import dev.strata.example.demo.OriginCountServlet;
import dev.strata.example.demo.OriginCounter;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Strata on embedded Jetty 12 (ee10), the filter registered in code.
 *
 * <pre>
 * java -jar jetty-example/target/jetty-example.jar [--port 8080] [--cluster-port 5701]
 *      [--members 127.0.0.1:5701,127.0.0.1:5702] [--origin-delay-ms 50]
 * </pre>
 *
 * <p>Starts a Hazelcast member (see {@link DemoCluster}), then Jetty on 127.0.0.1 with:
 * <ul>
 *   <li>StrataFilter on {@code /api/*} (REQUEST dispatches), {@code hazelcastInstance} naming that member</li>
 *   <li>the demo origin: {@code /api/catalog/{id}}, {@code /api/me}, {@code /api/big?bytes=N}</li>
 *   <li>{@code /demo/origin-count}, outside the filter</li>
 * </ul>
 *
 * <p>Tests use {@link #start(ExampleOptions)} and {@link #close()}.
 */
public final class JettyExample implements ExampleServer {

    /** Name of the filter, also the prefix of the Hazelcast instance name. */
    public static final String FILTER_NAME = "strata-jetty";

    private final Server server;
    private final ServerConnector connector;
    private final ServletContextHandler context;
    private final HazelcastInstance hazelcast;
    private final OriginCounter originCounter;
    private boolean closed;

    private JettyExample(Server server, ServerConnector connector, ServletContextHandler context,
            HazelcastInstance hazelcast, OriginCounter originCounter) {
        this.server = server;
        this.connector = connector;
        this.context = context;
        this.hazelcast = hazelcast;
        this.originCounter = originCounter;
    }

    public static void main(String[] args) {
        ExampleMain.run("jetty-example", args, JettyExample::start);
    }

    /** Starts the Hazelcast member, then Jetty. On failure, whatever started is stopped again. */
    public static JettyExample start(ExampleOptions options) throws Exception {
        String instanceName = DemoCluster.instanceName(FILTER_NAME, options.port());
        HazelcastInstance hazelcast =
                DemoCluster.startMember(instanceName, options.clusterPort(), options.members());
        Server server = JettyTuning.server();
        try {
            ServerConnector connector = JettyTuning.connector(server, options.port());
            server.addConnector(connector);

            OriginCounter originCounter = new OriginCounter();
            ServletContextHandler context = context(instanceName, originCounter, options.originDelayMs());
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

    private static ServletContextHandler context(String instanceName, OriginCounter originCounter, long delayMs) {
        ServletContextHandler context = new ServletContextHandler("/");

        FilterHolder strata = new FilterHolder(StrataFilter.class);
        strata.setName(FILTER_NAME);
        strata.setInitParameter("hazelcastInstance", instanceName);
        strata.setInitParameter("tier2Map", DemoCluster.TIER2_MAP);
        strata.setInitParameter("tier1MaxBytes", "64m");
        strata.setInitParameter("maxEntryBytes", "1m");
        // Several JVMs share a developer's few cores here: a tier-2 call on a busy box can take more
        // than the 100 ms default meant for a production network, and the breaker would open.
        strata.setInitParameter("tier2Timeout", "500ms");
        context.addFilter(strata, "/api/*", EnumSet.of(DispatcherType.REQUEST));

        context.addServlet(new ServletHolder("catalog", new CatalogServlet(originCounter, delayMs)), "/api/catalog/*");
        context.addServlet(new ServletHolder("me", new MeServlet(originCounter)), "/api/me");
        context.addServlet(new ServletHolder("big", new BigServlet(originCounter)), "/api/big");
        context.addServlet(new ServletHolder("origin-count", new OriginCountServlet(originCounter)),
                "/demo/origin-count");
        return context;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public int clusterPort() {
        return DemoCluster.boundPort(hazelcast);
    }

    @Override
    public HazelcastInstance hazelcast() {
        return hazelcast;
    }

    @Override
    public OriginCounter originCounter() {
        return originCounter;
    }

    @Override
    public StrataFilter filter(String filterName) {
        return ExampleServer.publishedFilter(context.getServletContext(), filterName);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        } finally {
            hazelcast.shutdown();
        }
    }
}
