package dev.strata.testing;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.strata.internal.http.HttpDates;
import java.io.IOException;
import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin for the coalescing tests, one instance per node, counting runs per path in counters
 * shared by every node of a test, so "how many origin calls did the cluster make" is one number.
 * Paths under {@code /api}: {@code /slow/*} (sleeps {@code ?ms=}), {@code /hang-first/*} (the first
 * call blocks until {@link #releaseHang}), {@code /throw-first/*}, {@code /private/*},
 * {@code /swr/*} (sleeps {@code ?ms=}; max-age=1, stale-while-revalidate=30), {@code /flaky/*} (max-age=1,
 * stale-if-error=60; fails while {@link #failing} is set), {@code /tagged/*} (public, max-age=60; tags from
 * {@code ?sk=} in {@code Surrogate-Key} and {@code ?ct=} in {@code Cache-Tag}; {@code ?swr=} seconds of
 * stale-while-revalidate; sleeps {@code ?ms=}), {@code /gather/*} (private; every call after the
 * first waits, up to 5 s, until ten such calls are inside the origin at once, and says in its body
 * whether they were: {@code together} or {@code alone}).
 */
public final class CoalescingOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final Map<String, AtomicInteger> runs;
    private final CountDownLatch hang;
    private final AtomicBoolean failing;
    private final Clock clock;
    private final Map<String, CountDownLatch> gathers;

    /**
     * Per-path run counters, a latch for {@code /hang-first}, a failure switch for {@code /flaky},
     * and the clock its {@code Date} header follows (the caches' clock, so ages agree).
     */
    public CoalescingOrigin(Map<String, AtomicInteger> runs, CountDownLatch hang, AtomicBoolean failing, Clock clock) {
        this(runs, hang, failing, clock, new ConcurrentHashMap<>());
    }

    private CoalescingOrigin(Map<String, AtomicInteger> runs, CountDownLatch hang, AtomicBoolean failing, Clock clock,
            Map<String, CountDownLatch> gathers) {
        this.runs = runs;
        this.hang = hang;
        this.failing = failing;
        this.clock = clock;
        this.gathers = gathers;
    }

    /** Shared state for the origins of one test's nodes. */
    public static final class Shared {
        /** Runs per path over all nodes. */
        public final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        /** Released to end the first {@code /hang-first} call. */
        public final CountDownLatch hang = new CountDownLatch(1);
        /** While set, {@code /flaky} answers 500 (or throws with {@code ?throw}). */
        public final AtomicBoolean failing = new AtomicBoolean();
        private final Map<String, CountDownLatch> gathers = new ConcurrentHashMap<>();
        private final Clock clock;

        /** State whose origins date their responses by {@code clock}. */
        public Shared(Clock clock) {
            this.clock = clock;
        }

        /** An origin servlet for one node. */
        public CoalescingOrigin origin() {
            return new CoalescingOrigin(runs, hang, failing, clock, gathers);
        }

        /** Runs for a path (as under /api). */
        public int runs(String path) {
            AtomicInteger n = runs.get(path);
            return n == null ? 0 : n.get();
        }

        /** Lets the first {@code /hang-first} call finish. */
        public void releaseHang() {
            hang.countDown();
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo();
        int run = runs.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String cacheControl = "public, max-age=60";
        if (path.startsWith("/slow/")) {
            pause(Long.parseLong(req.getParameter("ms")));
        } else if (path.startsWith("/hang-first/") && run == 1) {
            try {
                hang.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (path.startsWith("/throw-first/") && run == 1) {
            pause(200);
            throw new ServletException("leader failure");
        } else if (path.startsWith("/private/")) {
            pause(200);
            cacheControl = "private";
            resp.addHeader("Set-Cookie", "user=u" + run);
        } else if (path.startsWith("/swr/")) {
            pause(Long.parseLong(req.getParameter("ms")));
            cacheControl = "public, max-age=1, stale-while-revalidate=30";
        } else if (path.startsWith("/tagged/")) {
            if (req.getParameter("ms") != null) {
                pause(Long.parseLong(req.getParameter("ms")));
            }
            if (req.getParameter("sk") != null) {
                resp.setHeader("Surrogate-Key", req.getParameter("sk"));
            }
            if (req.getParameter("ct") != null) {
                resp.addHeader("Cache-Tag", req.getParameter("ct"));
            }
            if (req.getParameter("swr") != null) {
                cacheControl = "public, max-age=60, stale-while-revalidate=" + req.getParameter("swr");
            }
        } else if (path.startsWith("/gather/")) {
            boolean together = true;
            if (run > 1) {
                CountDownLatch ten = gathers.computeIfAbsent(path, p -> new CountDownLatch(10));
                ten.countDown();
                try {
                    together = ten.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    together = false;
                }
            }
            write(resp, path + (together ? " together" : " alone") + " run " + run, "private", clock);
            return;
        } else if (path.startsWith("/flaky/")) {
            cacheControl = "public, max-age=1, stale-if-error=60";
            if (failing.get()) {
                if (req.getParameter("throw") != null) {
                    throw new ServletException("origin down");
                }
                resp.setStatus(500);
                write(resp, "origin error " + run, "no-store", clock);
                return;
            }
        }
        write(resp, path + " run " + run, cacheControl, clock);
    }

    private static void write(HttpServletResponse resp, String body, String cacheControl, Clock clock)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setHeader("Date", HttpDates.format(clock.millis()));
        resp.setContentType("text/plain");
        resp.setHeader("Cache-Control", cacheControl);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
