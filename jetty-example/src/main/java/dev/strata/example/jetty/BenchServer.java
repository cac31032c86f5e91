package dev.strata.example.jetty;

import com.hazelcast.core.HazelcastInstance;
import dev.strata.StrataFilter;
import dev.strata.example.demo.DemoCluster;
import dev.strata.example.demo.DemoLogging;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The server {@code scripts/bench.sh} measures: one Jetty (set up as {@link JettyExample} is, by
 * {@link JettyTuning}), one Hazelcast member, and the same body servlet mounted four times, so that
 * the servlet ceiling and each Strata case are measured in the same JVM against the same bytes.
 *
 * <pre>
 * java -cp jetty-example/target/jetty-example.jar dev.strata.example.jetty.BenchServer [--port 0] [--cluster-port 0]
 * </pre>
 *
 * <ul>
 *   <li>{@code /plain/N}: N bytes (application/octet-stream, {@code Cache-Control: public, max-age=3600},
 *       an ETag), no filter: the servlet ceiling;</li>
 *   <li>{@code /t1/N}: the same behind StrataFilter with the example's settings (tier 1 64m, tier 2);</li>
 *   <li>{@code /t2/N}: the same behind StrataFilter with tier 1 off ({@code tier1MaxBytes=0});</li>
 *   <li>{@code /miss/N?anything}: the same behind StrataFilter with the example's settings, but
 *       {@code max-age=2}: with a query that changes on every request, every request is a miss that
 *       is captured and written through to both tiers (its tier-2 copies expire within seconds);</li>
 *   <li>{@code /noop/N}: the same servlet behind a filter that only calls the chain: what being a
 *       filter costs before a filter does anything;</li>
 *   <li>{@code /core/N}: the same bytes and headers from a Jetty core {@code Handler} in front of the
 *       servlet context, no servlet layer at all: how fast this Jetty can answer at all, the
 *       ceiling any filter or servlet in it works under;</li>
 *   <li>{@code /stats}: the three filters' counters as JSON.</li>
 * </ul>
 * Prints {@code bench server listening on http://127.0.0.1:PORT} once it serves.
 */
public final class BenchServer {
    /** Largest body served. */
    static final int MAX_BYTES = 1 << 20;
    private static final List<String> FILTERS = List.of("t1", "t2", "miss");

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        int clusterPort = 0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--cluster-port" -> clusterPort = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: BenchServer [--port N] [--cluster-port N]");
                    System.exit(2);
                }
            }
        }
        DemoLogging.quiet();
        String instanceName = DemoCluster.instanceName("strata-bench", port);
        HazelcastInstance hazelcast = DemoCluster.startMember(instanceName, clusterPort, List.of());
        Server server = JettyTuning.server();
        ServerConnector connector = JettyTuning.connector(server, port);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder("plain", new BodyServlet(3600)), "/plain/*");
        for (String name : FILTERS) {
            context.addServlet(new ServletHolder(name, new BodyServlet(name.equals("miss") ? 2 : 3600)),
                    "/" + name + "/*");
            FilterHolder strata = new FilterHolder(StrataFilter.class);
            strata.setName("strata-" + name);
            strata.setInitParameter("hazelcastInstance", instanceName);
            strata.setInitParameter("tier2Map", "bench-" + name);
            strata.setInitParameter("tier1MaxBytes", name.equals("t2") ? "0" : "64m");
            strata.setInitParameter("maxEntryBytes", "1m");
            strata.setInitParameter("tier2Timeout", "500ms");
            context.addFilter(strata, "/" + name + "/*", EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder("noop", new BodyServlet(3600)), "/noop/*");
        FilterHolder noop = new FilterHolder((Filter) (request, response, chain) -> chain.doFilter(request, response));
        noop.setName("noop");
        context.addFilter(noop, "/noop/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder("stats", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
                StringBuilder json = new StringBuilder("{");
                for (String name : FILTERS) {
                    Object filter = req.getServletContext().getAttribute(
                            StrataFilter.CONTEXT_ATTRIBUTE_PREFIX + "strata-" + name);
                    json.append(json.length() > 1 ? "," : "").append('"').append(name).append("\":\"")
                            .append(((StrataFilter) filter).stats()).append('"');
                }
                res.setContentType("application/json");
                res.getWriter().write(json.append("}\n").toString());
            }
        }), "/stats");
        server.setHandler(new CoreBodyHandler(context));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                hazelcast.shutdown();
            }
        }, "bench-shutdown"));
        System.out.println("bench server listening on http://127.0.0.1:" + connector.getLocalPort());
        System.out.flush();
        server.join();
    }

    /** {@code <mount>/N}: N deterministic bytes, cacheable for {@code maxAge} seconds. */
    static final class BodyServlet extends HttpServlet {
        private final transient Map<Integer, byte[]> bodies = new ConcurrentHashMap<>();
        private final String cacheControl;

        BodyServlet(int maxAgeSeconds) {
            this.cacheControl = "public, max-age=" + maxAgeSeconds;
        }

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int size;
            try {
                size = Integer.parseInt(request.getPathInfo().substring(1));
            } catch (RuntimeException e) {
                size = -1;
            }
            if (size < 0 || size > MAX_BYTES) {
                response.sendError(404);
                return;
            }
            byte[] body = bodies.computeIfAbsent(size, BodyServlet::body);
            response.setContentType("application/octet-stream");
            response.setHeader("Cache-Control", cacheControl);
            response.setHeader("ETag", "\"b-" + size + "\"");
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }

        static byte[] body(int size) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) ('a' + i % 26);
            }
            return b;
        }
    }

    /** {@code /core/N}: the body servlet's answer written by a core handler; the rest to the context. */
    static final class CoreBodyHandler extends Handler.Wrapper {
        private final Map<Integer, ByteBuffer> bodies = new ConcurrentHashMap<>();

        CoreBodyHandler(Handler next) {
            super(next);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            if (!path.startsWith("/core/")) {
                return super.handle(request, response, callback);
            }
            int size;
            try {
                size = Integer.parseInt(path.substring("/core/".length()));
            } catch (RuntimeException e) {
                size = -1;
            }
            if (size < 0 || size > MAX_BYTES) {
                Response.writeError(request, response, callback, 404);
                return true;
            }
            ByteBuffer body = bodies.computeIfAbsent(size, n -> ByteBuffer.wrap(BodyServlet.body(n)).asReadOnlyBuffer());
            HttpFields.Mutable headers = response.getHeaders();
            headers.put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            headers.put(HttpHeader.CACHE_CONTROL, "public, max-age=3600");
            headers.put(HttpHeader.ETAG, "\"b-" + size + "\"");
            headers.put(HttpHeader.CONTENT_LENGTH, size);
            response.write(true, body.slice(), callback);
            return true;
        }
    }
}
