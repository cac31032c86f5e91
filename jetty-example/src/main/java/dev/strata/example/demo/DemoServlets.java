package dev.strata.example.demo;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Helpers shared by the demo servlets. */
final class DemoServlets {

    static final String JSON = "application/json";

    private DemoServlets() {
    }

    /** The request's path inside the context: servlet path plus path info, e.g. {@code /api/catalog/1}. */
    static String pathOf(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return request.getServletPath() + (pathInfo == null ? "" : pathInfo);
    }

    /** Writes a complete JSON body with its {@code Content-Length}. */
    static void writeJson(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType(JSON);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** An uncacheable JSON error. */
    static void writeError(HttpServletResponse response, int status, String message) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        writeJson(response, status, "{\"error\":" + Json.quote(message) + "}");
    }

    /**
     * Parses an optional non-negative integer query parameter: {@code fallback} when absent,
     * {@code -1} when malformed or above {@code max}.
     */
    static long longParam(HttpServletRequest request, String name, long fallback, long max) {
        String value = request.getParameter(name);
        if (value == null) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed < 0 || parsed > max ? -1 : parsed;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
