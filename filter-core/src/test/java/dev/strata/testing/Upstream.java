package dev.strata.testing;

import dev.strata.internal.http.HttpDates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * A scriptable origin on a real Jetty server (127.0.0.1, free port) for tests through a proxy: each
 * path answers what its script says, and every request it receives is recorded. {@code Date} comes
 * from the test's clock unless the script sets one (the container adds none).
 */
public final class Upstream implements AutoCloseable {
    /** A request as the upstream received it; header names lower-cased, values in order. */
    public record Received(String method, String uri, Map<String, List<String>> headers, byte[] body) {
        /** The first value of a header, or {@code null}. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** What to answer. */
    public static final class Reply {
        private int status = 200;
        private final List<String[]> headers = new ArrayList<>();
        private byte[] body = new byte[0];
        private boolean date = true;
        private int truncateTo = -1;
        private boolean length = true;

        /** A 200 with a text body. */
        public static Reply ok(String body) {
            return new Reply().body(body);
        }

        /** A reply with a status and no body. */
        public static Reply status(int status) {
            Reply r = new Reply();
            r.status = status;
            return r;
        }

        public Reply statusCode(int s) {
            status = s;
            return this;
        }

        public Reply header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public Reply body(String text) {
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** Sends no {@code Date}. */
        public Reply withoutDate() {
            date = false;
            return this;
        }

        /** Sends the body chunked, without {@code Content-Length}. */
        public Reply withoutLength() {
            length = false;
            return this;
        }

        /** Declares the whole length but sends only {@code n} bytes, then drops the connection. */
        public Reply truncatedTo(int n) {
            truncateTo = n;
            return this;
        }
    }

    private final Server server;
    private final URI base;
    private final Clock clock;
    private final Map<String, Function<Received, Reply>> scripts = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();

    private Upstream(Clock clock) throws Exception {
        this.clock = clock;
        server = new Server();
        HttpConfiguration config = new HttpConfiguration();
        config.setSendDateHeader(false);
        config.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(config));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(new Script()), "/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    /** Starts an upstream whose default {@code Date} comes from {@code clock}. */
    public static Upstream start(Clock clock) throws Exception {
        return new Upstream(clock);
    }

    /** e.g. {@code http://127.0.0.1:PORT}. */
    public URI base() {
        return base;
    }

    /** Sets what a path answers (the path without query). */
    public void on(String path, Function<Received, Reply> script) {
        scripts.put(path, script);
    }

    /** The requests a path received, in order. */
    public List<Received> requests(String path) {
        return Collections.unmodifiableList(received.getOrDefault(path, List.of()));
    }

    /** How many requests a path received. */
    public int count(String path) {
        return requests(path).size();
    }

    /** The last request a path received. */
    public Received last(String path) {
        List<Received> r = requests(path);
        return r.get(r.size() - 1);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class Script extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            Map<String, List<String>> headers = new TreeMap<>();
            for (String name : Collections.list(req.getHeaderNames())) {
                headers.put(name.toLowerCase(Locale.ROOT), Collections.list(req.getHeaders(name)));
            }
            byte[] body = req.getInputStream().readAllBytes();
            String uri = req.getRequestURI() + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
            Received r = new Received(req.getMethod(), uri, headers, body);
            received.computeIfAbsent(req.getRequestURI(), p -> new CopyOnWriteArrayList<>()).add(r);
            Function<Received, Reply> script = scripts.get(req.getRequestURI());
            Reply reply = script == null ? Reply.status(404).body("no script for " + req.getRequestURI())
                    : script.apply(r);
            resp.setStatus(reply.status);
            if (reply.date && reply.headers.stream().noneMatch(h -> h[0].equalsIgnoreCase("Date"))) {
                resp.addHeader("Date", HttpDates.format(clock.millis()));
            }
            for (String[] h : reply.headers) {
                resp.addHeader(h[0], h[1]);
            }
            if (reply.status == 204 || reply.status == 304 || reply.status < 200) {
                return;
            }
            if (reply.length) {
                resp.setContentLength(reply.body.length);
            }
            if (reply.truncateTo >= 0) {
                resp.getOutputStream().write(reply.body, 0, reply.truncateTo);
                resp.flushBuffer();
                throw new IllegalStateException("upstream drops the connection on purpose");
            }
            resp.getOutputStream().write(reply.body);
        }
    }
}
