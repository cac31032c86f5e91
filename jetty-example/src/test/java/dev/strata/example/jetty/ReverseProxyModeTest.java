package dev.strata.example.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.strata.example.demo.DemoLogging;
import dev.strata.example.demo.ExampleOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jetty-example's reverse-proxy mode ({@code --upstream}) over real HTTP: a client on a socket,
 * the example (Jetty proxy servlet, StrataFilter, one Hazelcast member) and an upstream Jetty, all on
 * free loopback ports. Each test uses its own paths.
 */
class ReverseProxyModeTest {
    private static Server upstream;
    private static URI upstreamUri;
    private static JettyExample proxy;
    private static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();
    private static final Map<String, String> SEEN = new ConcurrentHashMap<>();

    /** The upstream: a few fixed behaviours, selected by path. */
    static final class Origin extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            int run = RUNS.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            StringBuilder seen = new StringBuilder(req.getMethod()).append(' ').append(path);
            if (req.getQueryString() != null) {
                seen.append('?').append(req.getQueryString());
            }
            for (String name : Collections.list(req.getHeaderNames())) {
                seen.append('|').append(name.toLowerCase()).append('=').append(req.getHeader(name));
            }
            seen.append("|body=").append(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            SEEN.put(path, seen.toString());
            byte[] body = ("run " + run).getBytes(StandardCharsets.UTF_8);
            if (path.startsWith("/cached")) {
                resp.setHeader("Cache-Control", "max-age=60");
                resp.setHeader("Connection", "X-Hop");
                resp.setHeader("X-Hop", "hop");
                resp.addHeader("X-Multi", "a=\"1, 2\"");
                resp.addHeader("X-Multi", "b");
            } else if (path.startsWith("/interim/")) {
                // an interim 103 Early Hints, then the final response
                resp.setHeader("Link", "</style.css>; rel=preload");
                resp.sendError(103); // Jetty sends 102 and 103 given to sendError as interim responses
                resp.setHeader("Cache-Control", "max-age=60");
            } else if (path.startsWith("/case/")) {
                resp.setHeader("Cache-Control", path.endsWith("upper") ? "MaX-aGe=60" : "max-age=60");
            } else if (path.startsWith("/short")) {
                resp.setHeader("Cache-Control", "max-age=60");
                if (run == 1) {
                    resp.setContentLength(1000);
                    resp.getOutputStream().write(body);
                    resp.flushBuffer();
                    throw new IllegalStateException("upstream drops the connection on purpose");
                }
            }
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        DemoLogging.quiet();
        upstream = new Server();
        ServerConnector connector = new ServerConnector(upstream);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        // the upstream takes the ambiguous paths the proxy passes on, to show they arrive as sent
        connector.getConnectionFactory(org.eclipse.jetty.server.HttpConnectionFactory.class).getHttpConfiguration()
                .setUriCompliance(JettyExample.PROXY_URI_COMPLIANCE);
        upstream.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.getServletHandler().setDecodeAmbiguousURIs(true);
        context.addServlet(new ServletHolder(new Origin()), "/*");
        upstream.setHandler(context);
        upstream.start();
        upstreamUri = URI.create("http://127.0.0.1:" + connector.getLocalPort());
        proxy = JettyExample.start(ExampleOptions.ephemeral().withUpstream(upstreamUri));
    }

    @AfterAll
    static void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (upstream != null) {
            upstream.stop();
        }
    }

    @Test
    void asynchronousProxiedResponsesAreStoredAndServedFromCache() throws Exception {
        long before = proxy.filter(JettyExample.FILTER_NAME).stats().stores();
        Raw miss = Raw.send("GET", proxy.baseUri().resolve("/cached/a?x=1"), null);
        assertEquals(200, miss.status);
        assertEquals("run 1", miss.body);
        assertEquals("MISS", miss.first("X-Cache"));
        awaitStores(before + 1);
        Raw hit = Raw.send("GET", proxy.baseUri().resolve("/cached/a?x=1"), null);
        assertEquals("HIT", hit.first("X-Cache"));
        assertEquals("run 1", hit.body);
        assertEquals(1, RUNS.get("/cached/a").get());
    }

    @Test
    void responseFieldsComeBackVerbatimAndConnectionNamedOnesStayBehind() throws Exception {
        long before = proxy.filter(JettyExample.FILTER_NAME).stats().stores();
        Raw miss = Raw.send("GET", proxy.baseUri().resolve("/cached/fields"), null);
        awaitStores(before + 1);
        Raw hit = Raw.send("GET", proxy.baseUri().resolve("/cached/fields"), null);
        for (Raw r : List.of(miss, hit)) {
            assertEquals(List.of("a=\"1, 2\"", "b"), r.all("X-Multi"));
            assertNull(r.first("X-Hop"));
            assertEquals(1, r.all("Date").size());
        }
    }

    @Test
    void anInterimResponseBeforeTheFinalOneIsConsumedAndNeverStored() throws Exception {
        long before = proxy.filter(JettyExample.FILTER_NAME).stats().stores();
        Raw first = Raw.send("GET", proxy.baseUri().resolve("/interim/a"), null);
        assertEquals(200, first.status, "the final response arrives");
        assertEquals("run 1", first.body);
        awaitStores(before + 1);
        Raw hit = Raw.send("GET", proxy.baseUri().resolve("/interim/a"), null);
        assertEquals("HIT", hit.first("X-Cache"));
        assertEquals(200, hit.status, "the stored response is the final one, not the 103");
        assertEquals("run 1", hit.body);
    }

    @Test
    void fieldValuesKeepTheUpstreamsLetterCaseFromResponseToResponse() throws Exception {
        // Jetty's client parser caches field values; by default a cached value answers for any
        // value equal to it ignoring case, so another response's spelling would come back
        for (int i = 0; i < 3; i++) {
            assertEquals("MaX-aGe=60", Raw.send("GET", proxy.baseUri().resolve("/case/" + i + "/upper"), null)
                    .first("Cache-Control"));
            assertEquals("max-age=60", Raw.send("GET", proxy.baseUri().resolve("/case/" + i + "/lower"), null)
                    .first("Cache-Control"));
        }
    }

    @Test
    void requestsGoUpstreamUnchangedButForHopByHopFields() throws Exception {
        Raw r = Raw.send("M-SEARCH", proxy.baseUri().resolve("/any/p%20q?a=1&b=%2F"),
                "payload".getBytes(StandardCharsets.UTF_8), "Connection: X-Req-Hop", "X-Req-Hop: 1", "X-Kept: k");
        assertEquals(200, r.status);
        String seen = SEEN.get("/any/p%20q");
        assertTrue(seen.startsWith("M-SEARCH /any/p%20q?a=1&b=%2F|"), seen);
        assertTrue(seen.contains("|x-kept=k"), seen);
        assertTrue(!seen.contains("x-req-hop"), seen);
        assertTrue(seen.endsWith("|body=payload"), seen);
        assertEquals("Strata; fwd=method; fwd-status=200", r.first("Cache-Status"));
    }

    @Test
    void ambiguousPathsGoUpstreamAsTheyCameAndAreKeyedApart() throws Exception {
        // (an empty segment, /amb//b, is let in too, but Jetty's client sends it as /amb/b)
        for (String target : List.of("/amb/a%2Fb", "/amb/a%252Fb", "/amb/a%5Cb", "/amb/a;p=1/b")) {
            Raw r = Raw.send("GET", URI.create(proxy.baseUri().resolve("/") + target.substring(1)), null);
            assertEquals(200, r.status, target);
            String seen = SEEN.get(target);
            assertTrue(seen != null && seen.startsWith("GET " + target + "|"), target + " arrived as " + SEEN.keySet());
        }
        // each is its own key: none is answered with another's response
        Raw plain = Raw.send("GET", proxy.baseUri().resolve("/amb/a/b"), null);
        assertEquals("run 1", plain.body);
        assertEquals(1, RUNS.get("/amb/a/b").get());
    }

    @Test
    void theDemoOriginIsNotMounted() throws Exception {
        Raw r = Raw.send("GET", proxy.baseUri().resolve("/demo/origin-count"), null);
        assertTrue(SEEN.get("/demo/origin-count").startsWith("GET /demo/origin-count"), "forwarded upstream");
        assertEquals("run 1", r.body);
    }

    @Test
    void anUpstreamDisconnectIsNeverStored() throws Exception {
        try {
            Raw.send("GET", proxy.baseUri().resolve("/short/x"), null);
        } catch (IOException expected) {
            // the client sees the connection drop
        }
        Raw second = Raw.send("GET", proxy.baseUri().resolve("/short/x"), null);
        assertEquals("run 2", second.body);
        assertEquals("MISS", second.first("X-Cache"));
    }

    private static void awaitStores(long n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (proxy.filter(JettyExample.FILTER_NAME).stats().stores() < n) {
            if (System.nanoTime() > deadline) {
                fail("not stored within 10 s");
            }
            Thread.sleep(10);
        }
    }

    /** HTTP/1.1 on a socket, one request per connection, fields as they come on the wire. */
    record Raw(int status, List<String[]> fields, String body) {
        static Raw send(String method, URI uri, byte[] body, String... fieldLines) throws IOException {
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(20_000);
                StringBuilder head = new StringBuilder(method).append(' ').append(uri.getRawPath())
                        .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                        .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
                boolean connection = false;
                for (String line : fieldLines) {
                    connection |= line.toLowerCase().startsWith("connection:");
                    head.append(line).append(line.toLowerCase().startsWith("connection:") ? ", close" : "")
                            .append("\r\n");
                }
                if (!connection) {
                    head.append("Connection: close\r\n");
                }
                if (body != null) {
                    head.append("Content-Length: ").append(body.length).append("\r\n");
                }
                head.append("\r\n");
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return parse(socket.getInputStream());
            }
        }

        private static Raw parse(InputStream in) throws IOException {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                throw new IOException("incomplete response");
            }
            String[] lines = text.substring(0, end).split("\r\n");
            List<String[]> fields = new ArrayList<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                fields.add(new String[] {lines[i].substring(0, colon), lines[i].substring(colon + 1).trim()});
            }
            return new Raw(Integer.parseInt(lines[0].split(" ")[1]), fields, text.substring(end + 4));
        }

        List<String> all(String name) {
            List<String> out = new ArrayList<>();
            for (String[] f : fields) {
                if (f[0].equalsIgnoreCase(name)) {
                    out.add(f[1]);
                }
            }
            return out;
        }

        String first(String name) {
            List<String> all = all(name);
            return all.isEmpty() ? null : all.get(0);
        }
    }
}
