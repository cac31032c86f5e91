package dev.strata.example.demo;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers {@code 404} under Strata's admin path. Tomcat runs filters only for requests mapped to a
 * servlet, so something must be mapped at {@code /_strata/*} for StrataFilter (mapped there too)
 * to answer the admin endpoint; with the endpoint off, this answers instead.
 */
public final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        DemoServlets.writeError(response, 404, "not found");
    }
}
