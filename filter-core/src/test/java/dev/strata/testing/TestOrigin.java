package dev.strata.testing;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The origin of the integration tests, mounted at {@code /api/*}. Every run is counted per path,
 * and each body carries its run number, so a test can tell a stored body from a fresh one.
 */
public final class TestOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** How many times the origin ran for a path (e.g. {@code /public/1}). */
    public int runs(String path) {
        AtomicInteger n = runs.get(path);
        return n == null ? 0 : n.get();
    }

    /** Deterministic bytes of length {@code n}. */
    public static byte[] bigBody(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >> 8));
        }
        return b;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        int run = runs.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        if (path.startsWith("/public/")) {
            resp.setContentType("application/json");
            resp.setHeader("Cache-Control", "public, max-age=60");
            resp.setHeader("ETag", "\"" + path.hashCode() + "\"");
            write(resp, "{\"path\":\"" + path + "\",\"run\":" + run + "}");
        } else if (path.equals("/private")) {
            resp.setContentType("application/json");
            resp.setHeader("Cache-Control", "private, max-age=60");
            resp.addHeader("Set-Cookie", "session=s" + run + "; HttpOnly; Path=/");
            write(resp, "{\"user\":\"u" + run + "\"}");
        } else if (path.equals("/cookie")) {
            resp.setHeader("Cache-Control", "public, max-age=60");
            resp.addHeader("Set-Cookie", "session=s" + run + "; HttpOnly; Path=/");
            write(resp, "cookie " + run);
        } else if (path.equals("/big")) {
            int n = Integer.parseInt(req.getParameter("bytes"));
            resp.setContentType("application/octet-stream");
            resp.setHeader("Cache-Control", "public, max-age=60");
            byte[] body = bigBody(n);
            OutputStream out = resp.getOutputStream();
            for (int off = 0; off < n; off += 8192) {
                out.write(body, off, Math.min(8192, n - off));
            }
        } else if (path.equals("/boom")) {
            resp.setHeader("Cache-Control", "public, max-age=60");
            throw new ServletException("origin failure " + run);
        } else if (path.equals("/vary")) {
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "public, max-age=60");
            resp.setHeader("Vary", "Accept-Language");
            write(resp, "lang=" + req.getHeader("Accept-Language") + " run=" + run);
        } else if (path.equals("/writer")) {
            resp.setContentType("text/plain; charset=UTF-8");
            resp.setHeader("Cache-Control", "public, max-age=60");
            PrintWriter w = resp.getWriter();
            w.print("grüße ☃ run=" + run);
        } else if (path.equals("/async")) {
            AsyncContext async = req.startAsync();
            async.start(() -> {
                try {
                    HttpServletResponse r = resp;
                    r.setContentType("text/plain");
                    r.setHeader("Cache-Control", "public, max-age=60");
                    r.getOutputStream().write(("async run=" + run).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                } finally {
                    async.complete();
                }
            });
        } else if (path.equals("/swr")) {
            resp.setHeader("Cache-Control", "public, max-age=1, stale-while-revalidate=30");
            write(resp, "swr run " + run);
        } else if (path.equals("/plain")) {
            // fresh for a minute, no validator: once past its time it can only be fetched again
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "public, max-age=60");
            write(resp, "plain run " + run);
        } else if (path.equals("/long")) {
            // fresh for two days, no validator
            resp.setContentType("text/plain");
            resp.setHeader("Cache-Control", "public, max-age=172800");
            write(resp, "long run " + run);
        } else if (path.equals("/nofresh")) {
            write(resp, "no freshness " + run);
        } else if (path.equals("/error")) {
            resp.setHeader("Cache-Control", "public, max-age=60");
            resp.sendError(503, "down");
        } else {
            resp.setStatus(404);
            write(resp, "unknown " + path);
        }
    }

    private static void write(HttpServletResponse resp, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
