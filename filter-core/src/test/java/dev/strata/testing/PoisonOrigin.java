package dev.strata.testing;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The origin of the poisoning tests, mounted at {@code /api/*}: an application with the habits
 * attacks exploit. It builds output from request fields a cache may not key, parses the query its
 * own way, honours method overrides and bodies on GET, routes loosely, and personalises pages for
 * credentials while forgetting the right cache headers. Every body carries its run number.
 */
public final class PoisonOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Marks user data in a body: it must never reach another client. */
    public static final String SECRET = "SECRET-of-alice";

    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    private volatile int flakyStatus = 200;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** How many times the origin ran for a path inside {@code /api}. */
    public int runs(String path) {
        AtomicInteger n = runs.get(path);
        return n == null ? 0 : n.get();
    }

    /** The status {@code /flaky} answers from now on. */
    public void flakyStatus(int status) {
        flakyStatus = status;
    }

    /**
     * Closes the gate {@code /burst} waits at (at most 30 seconds) before it answers; count the
     * returned latch down to open it.
     */
    public CountDownLatch closeGate() {
        CountDownLatch closed = new CountDownLatch(1);
        gate = closed;
        return closed;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        int run = runs.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        // what the container dispatched on, for tests to compare with what the client sent
        resp.setHeader("X-Dispatched-Path", req.getServletPath() + path);
        if (path.contains("account")) {
            account(req, resp, run);
        } else if (path.startsWith("/reflect")) {
            reflect(req, resp, run);
        } else if (path.startsWith("/jsonp")) {
            publicText(resp, lastValue(req.getQueryString(), "callback") + "({\"run\":" + run + "})");
        } else if (path.startsWith("/override")) {
            String body = new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            publicText(resp, "method=" + effectiveMethod(req) + " body=" + body + " run=" + run);
        } else if (path.startsWith("/limited")) {
            limited(req, resp, run);
        } else if (path.startsWith("/flaky")) {
            resp.setStatus(flakyStatus);
            publicText(resp, "status=" + flakyStatus + " run=" + run);
        } else if (path.startsWith("/greeting")) {
            resp.setHeader("Vary", "Cookie");
            publicText(resp, "hello " + cookie(req, "user") + " token=" + cookie(req, "tracker") + " run=" + run);
        } else if (path.startsWith("/shared-auth")) {
            resp.setHeader("Vary", "Authorization");
            publicText(resp, "for " + req.getHeader("Authorization") + " run=" + run);
        } else if (path.startsWith("/login")) {
            resp.addHeader("Set-Cookie", "session=issued-" + run + "; HttpOnly; Path=/");
            publicText(resp, "welcome run=" + run);
        } else if (path.startsWith("/burst")) {
            // a cacheable page that issues every visitor a session of their own, once the gate opens
            awaitGate();
            resp.addHeader("Set-Cookie", "session=burst-" + run + "; HttpOnly; Path=/");
            publicText(resp, "burst run=" + run);
        } else if (path.startsWith("/no-store")) {
            resp.setHeader("Cache-Control", "public, max-age=60, no-store");
            write(resp, "no-store run=" + run);
        } else if (path.startsWith("/qualified")) {
            resp.setHeader("Cache-Control", "public, max-age=60, no-cache=\"Set-Cookie\"");
            write(resp, "qualified run=" + run);
        } else if (path.startsWith("/public")) {
            publicText(resp, "path=" + path + " query=" + req.getQueryString() + " run=" + run);
        } else {
            resp.setStatus(404);
            write(resp, "unknown " + path);
        }
    }

    /**
     * A personalised page, routed loosely (any path naming "account", as frameworks that ignore
     * trailing segments or suffixes do). Each credential kind forgets a different cache header.
     */
    private static void account(HttpServletRequest req, HttpServletResponse resp, int run) throws IOException {
        String page = SECRET + " balance=1234 run=" + run;
        if (req.getHeader("Authorization") != null) {
            resp.setHeader("Cache-Control", "max-age=60"); // forgot private
            write(resp, page);
        } else if (cookie(req, "JSESSIONID") != null) {
            write(resp, page); // no cache headers at all: a configured defaultTtl would apply
        } else if (cookie(req, "sid") != null) {
            resp.setHeader("Cache-Control", "private, max-age=60");
            write(resp, page);
        } else if (cookie(req, "remember") != null) {
            resp.setHeader("Cache-Control", "public, max-age=60"); // wrong, but it rotates the session
            resp.addHeader("Set-Cookie", "sid=rotated-" + run + "; HttpOnly; Path=/");
            write(resp, page);
        } else {
            publicText(resp, "please log in run=" + run);
        }
    }

    /** Builds the page from the host and from every {@code X-*} and {@code Forwarded} field. */
    private static void reflect(HttpServletRequest req, HttpServletResponse resp, int run) throws IOException {
        StringBuilder b = new StringBuilder("<script src=\"//").append(req.getServerName()).append(':')
                .append(req.getServerPort()).append("/app.js\"></script>\n");
        TreeSet<String> names = new TreeSet<>(Collections.list(req.getHeaderNames()));
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-") || lower.equals("forwarded")) {
                b.append(lower).append('=').append(req.getHeader(name)).append('\n');
            }
        }
        publicText(resp, b.append("run=").append(run).toString());
    }

    /** Rejects large header fields itself, with the site's usual public caching headers (CPDoS). */
    private static void limited(HttpServletRequest req, HttpServletResponse resp, int run) throws IOException {
        for (String name : Collections.list(req.getHeaderNames())) {
            if (req.getHeader(name).length() > 2048) {
                resp.setStatus(400);
                publicText(resp, "header too large run=" + run);
                return;
            }
        }
        publicText(resp, "ok run=" + run);
    }

    private void awaitGate() throws IOException {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the gate was never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String effectiveMethod(HttpServletRequest req) {
        for (String h : new String[] {"X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"}) {
            if (req.getHeader(h) != null) {
                return req.getHeader(h);
            }
        }
        String param = req.getParameter("_method");
        return param != null ? param : req.getMethod();
    }

    /** Like Rack and others: splits on both '&' and ';', and the last value wins. */
    private static String lastValue(String query, String name) {
        String value = null;
        if (query != null) {
            for (String pair : query.split("[&;]")) {
                if (pair.startsWith(name + "=")) {
                    value = pair.substring(name.length() + 1);
                }
            }
        }
        return value;
    }

    private static String cookie(HttpServletRequest req, String name) {
        Cookie[] cookies = req.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (c.getName().equals(name)) {
                    return c.getValue();
                }
            }
        }
        return null;
    }

    private static void publicText(HttpServletResponse resp, String body) throws IOException {
        resp.setHeader("Cache-Control", "public, max-age=60");
        write(resp, body);
    }

    private static void write(HttpServletResponse resp, String body) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
