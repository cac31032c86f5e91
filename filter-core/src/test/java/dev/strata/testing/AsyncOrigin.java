package dev.strata.testing;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin that answers asynchronously or through {@code sendError} / {@code sendRedirect}, each
 * run counted per path, each body carrying its run number.
 */
public final class AsyncOrigin extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    /** How many times the origin ran for a path (e.g. {@code /async-wrapped}). */
    public int runs(String path) {
        AtomicInteger n = runs.get(path);
        return n == null ? 0 : n.get();
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getPathInfo() == null ? "/" : req.getPathInfo();
        if (path.startsWith("/dispatched/")) {
            // the target of /async-dispatch: not counted again
            write(resp, "dispatched " + req.getAttribute("run"));
            return;
        }
        int run = runs.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        switch (path) {
            case "/async-wrapped" -> {
                // the request and response the filter passed down, as a well-behaved async servlet does
                AsyncContext async = req.startAsync(req, resp);
                async.start(() -> {
                    try {
                        write((HttpServletResponse) async.getResponse(), "async-wrapped run=" + run);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        async.complete();
                    }
                });
            }
            case "/async-dispatch" -> {
                AsyncContext async = req.startAsync();
                req.setAttribute("run", run);
                async.start(() -> async.dispatch("/api/dispatched/x"));
            }
            case "/async-timeout" -> {
                AsyncContext async = req.startAsync();
                async.setTimeout(300);
                resp.setHeader("Cache-Control", "public, max-age=60");
            }
            case "/async-error" -> {
                AsyncContext async = req.startAsync(req, resp);
                async.start(() -> {
                    try {
                        HttpServletResponse r = (HttpServletResponse) async.getResponse();
                        r.setHeader("Cache-Control", "public, max-age=60");
                        r.sendError(503, "down");
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    } finally {
                        async.complete();
                    }
                });
            }
            case "/send-error-404" -> {
                resp.setHeader("Cache-Control", "public, max-age=60");
                resp.sendError(404, "no such thing " + run);
            }
            case "/redirect" -> {
                resp.setHeader("Cache-Control", "public, max-age=60");
                resp.sendRedirect("/api/elsewhere?run=" + run);
            }
            case "/flip" -> {
                if (run == 1) {
                    resp.setHeader("Cache-Control", "public, max-age=1, stale-if-error=60");
                    write(resp, "flip run=1");
                } else {
                    resp.sendError(503, "down");
                }
            }
            default -> {
                resp.setStatus(404);
                write(resp, "unknown " + path);
            }
        }
    }

    private static void write(HttpServletResponse resp, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        resp.setContentType("text/plain");
        if (resp.getHeader("Cache-Control") == null) {
            resp.setHeader("Cache-Control", "public, max-age=60");
        }
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }
}
