package dev.strata.example.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /demo/origin-count}: how many times the origin servlets ran on this node, per path:
 * {@code {"total":4,"paths":{"/api/catalog/1":3,"/api/me":1}}}. Mapped outside the filter's
 * patterns, and {@code Cache-Control: no-store}.
 */
public final class OriginCountServlet extends HttpServlet {

    private final transient OriginCounter counter;

    public OriginCountServlet(OriginCounter counter) {
        this.counter = counter;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        DemoServlets.writeJson(response, 200, counter.toJson());
    }
}
