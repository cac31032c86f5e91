package dev.strata.example.demo;

import dev.strata.CacheStats;
import dev.strata.StrataFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The fault-test origin of the examples ({@code --chaos}), for {@code scripts/chaos.sh}. Loopback
 * tests only: the control endpoints change how the origin behaves for every client.
 *
 * <ul>
 *   <li>{@code GET /api/item/{id}[?maxAge=N][&delay=N]}: {@link ItemBody#of}, {@code Cache-Control:
 *       public, max-age=N (default 30), stale-if-error=300}, {@code X-Body-Sha256}. Also mounted on
 *       {@code /plain/item/*}, outside the filter: the same origin without a cache.</li>
 *   <li>{@code GET /api/vary/{id}}: {@code Vary: X-Variant}, a body per variant.</li>
 *   <li>{@code GET /api/echo/{id}}: every request field {@code X-Echo-Name: v} comes back as the
 *       response field {@code Name: v} (malformed {@code Cache-Control}, {@code Expires}, {@code Vary}
 *       from the origin); body {@link ItemBody#of}.</li>
 *   <li>{@code GET /demo/fault?mode=ok|500|reset|truncate|hang}: what {@code /api/item} does from now
 *       on: answer; a {@code 500} that asks to be cached; an exception before any byte (a reset
 *       upstream, as a proxying servlet sees it); half the body then an abort; 2 s then a 504.</li>
 *   <li>{@code POST /demo/invalidate}: the filter's {@code invalidateAll()} (a purge of everything).</li>
 *   <li>{@code GET /demo/stats}: the filter's counters, circuit state, live threads, heap in use.</li>
 * </ul>
 */
public final class ChaosOrigin {
    /** How long {@code hang} holds a request before its 504. */
    public static final long HANG_MS = 2000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /** What {@code /api/item} does. */
    public enum Mode { OK, ERROR_500, RESET, TRUNCATE, HANG }

    private volatile Mode mode = Mode.OK;
    private final OriginCounter counter;
    private final long delayMs;
    private final Supplier<StrataFilter> filter;

    /**
     * @param counter counts origin runs
     * @param delayMs default origin latency
     * @param filter the running filter, for the control endpoints
     */
    public ChaosOrigin(OriginCounter counter, long delayMs, Supplier<StrataFilter> filter) {
        this.counter = counter;
        this.delayMs = delayMs;
        this.filter = filter;
    }

    /** Servlets by path pattern, for an example to register. */
    public Map<String, HttpServlet> servlets() {
        Map<String, HttpServlet> servlets = new LinkedHashMap<>();
        HttpServlet item = new Item();
        servlets.put("/api/item/*", item);
        servlets.put("/plain/item/*", item);
        servlets.put("/api/vary/*", new Vary());
        servlets.put("/api/echo/*", new Echo());
        servlets.put("/demo/fault", new Fault());
        servlets.put("/demo/invalidate", new Invalidate());
        servlets.put("/demo/stats", new Stats());
        return servlets;
    }

    private static String id(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        String id = pathInfo == null ? "" : pathInfo.substring(1);
        return ID.matcher(id).matches() ? id : null;
    }

    private static void pause(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A servlet of {@code /api/<kind>/{id}}: counted as an origin run, 404 without an id. */
    private abstract class IdServlet extends HttpServlet {
        @Override
        protected final void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            counter.record(DemoServlets.pathOf(request));
            String id = id(request);
            if (id == null) {
                DemoServlets.writeError(response, 404, "no such item");
                return;
            }
            serve(id, request, response);
        }

        abstract void serve(String id, HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private final class Item extends IdServlet {
        @Override
        void serve(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
            long maxAge = DemoServlets.longParam(request, "maxAge", 30, 86_400);
            long delay = DemoServlets.longParam(request, "delay", delayMs, ExampleOptions.MAX_DELAY_MS);
            if (maxAge < 0 || delay < 0) {
                DemoServlets.writeError(response, 404, "no such item");
                return;
            }
            pause(delay);
            byte[] body = ItemBody.of(id);
            switch (mode) {
                case ERROR_500 -> {
                    // an origin error that asks to be stored: the cache must not keep it
                    response.setHeader("Cache-Control", "public, max-age=60");
                    DemoServlets.writeJson(response, 500, "{\"error\":\"origin failure\"}");
                    return;
                }
                case RESET -> throw new IOException("simulated reset by the upstream of the origin");
                case HANG -> {
                    pause(HANG_MS);
                    response.setHeader("Cache-Control", "public, max-age=60");
                    DemoServlets.writeJson(response, 504, "{\"error\":\"upstream timed out\"}");
                    return;
                }
                default -> {
                }
            }
            response.setHeader("Cache-Control", "public, max-age=" + maxAge + ", stale-if-error=300");
            response.setHeader("X-Body-Sha256", ItemBody.sha256(body));
            response.setContentType(DemoServlets.JSON);
            response.setContentLength(body.length);
            if (mode == Mode.TRUNCATE) {
                response.getOutputStream().write(body, 0, body.length / 2);
                response.flushBuffer();
                throw new IOException("simulated abort half way through the body");
            }
            response.getOutputStream().write(body);
        }
    }

    private final class Vary extends IdServlet {
        @Override
        void serve(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = ItemBody.variant(id, request.getHeader("X-Variant"));
            response.setHeader("Cache-Control", "public, max-age=300");
            response.setHeader("Vary", "X-Variant");
            response.setContentType(DemoServlets.JSON);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private final class Echo extends IdServlet {
        @Override
        void serve(String id, HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Cache-Control", "public, max-age=60");
            for (String name : Collections.list(request.getHeaderNames())) {
                if (name.regionMatches(true, 0, "X-Echo-", 0, 7) && name.length() > 7) {
                    String echoed = name.substring(7);
                    response.setHeader(echoed, null);
                    for (String value : Collections.list(request.getHeaders(name))) {
                        response.addHeader(echoed, value);
                    }
                }
            }
            byte[] body = ItemBody.of(id);
            response.setContentType(DemoServlets.JSON);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    private final class Fault extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String requested = String.valueOf(request.getParameter("mode")).toLowerCase(Locale.ROOT);
            Mode next = switch (requested) {
                case "ok" -> Mode.OK;
                case "500" -> Mode.ERROR_500;
                case "reset" -> Mode.RESET;
                case "truncate" -> Mode.TRUNCATE;
                case "hang" -> Mode.HANG;
                default -> null;
            };
            if (next == null) {
                DemoServlets.writeError(response, 400, "mode must be ok, 500, reset, truncate or hang");
                return;
            }
            mode = next;
            response.setHeader("Cache-Control", "no-store");
            DemoServlets.writeJson(response, 200, "{\"mode\":" + Json.quote(requested) + "}");
        }
    }

    private final class Invalidate extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            response.setHeader("Cache-Control", "no-store");
            try {
                long version = filter.get().invalidateAll();
                DemoServlets.writeJson(response, 200, "{\"version\":" + version + "}");
            } catch (IllegalStateException e) {
                DemoServlets.writeError(response, 503, String.valueOf(e.getMessage()));
            }
        }
    }

    private final class Stats extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            CacheStats s = filter.get().stats();
            Runtime rt = Runtime.getRuntime();
            String json = "{\"requests\":" + s.requests() + ",\"tier1Hits\":" + s.tier1Hits()
                    + ",\"tier2Hits\":" + s.tier2Hits() + ",\"misses\":" + s.misses()
                    + ",\"stores\":" + s.stores() + ",\"droppedWrites\":" + s.droppedWrites()
                    + ",\"tier2Errors\":" + s.tier2Errors() + ",\"staleServed\":" + s.staleServed()
                    + ",\"coalesced\":" + s.coalesced() + ",\"fencedOut\":" + s.fencedOut()
                    + ",\"tier2Circuit\":" + Json.quote(s.tier2Circuit())
                    + ",\"threads\":" + ManagementFactory.getThreadMXBean().getThreadCount()
                    + ",\"heapUsed\":" + (rt.totalMemory() - rt.freeMemory()) + "}";
            response.setHeader("Cache-Control", "no-store");
            DemoServlets.writeJson(response, 200, json);
        }
    }
}
