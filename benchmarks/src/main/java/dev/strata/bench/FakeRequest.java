package dev.strata.bench;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The part of an {@code HttpServletRequest} the filter reads, for one fixed GET, with no allocation
 * of its own except where a container allocates too ({@code getHeaders}, as Jetty 12 does). Every
 * other method throws, so a benchmark that reaches one says so.
 */
final class FakeRequest extends HttpServletRequestWrapper {
    private final String method;
    private final String uri;
    private final String query;
    private final String[] headers;

    /**
     * @param headers alternating names and values
     */
    FakeRequest(String method, String uri, String query, String... headers) {
        super(Unsupported.of(HttpServletRequest.class));
        this.method = method;
        this.uri = uri;
        this.query = query;
        this.headers = headers;
    }

    @Override
    public String getMethod() {
        return method;
    }

    @Override
    public String getScheme() {
        return "http";
    }

    @Override
    public String getServerName() {
        return "127.0.0.1";
    }

    @Override
    public int getServerPort() {
        return 8080;
    }

    @Override
    public String getRequestURI() {
        return uri;
    }

    @Override
    public String getContextPath() {
        return "";
    }

    @Override
    public String getServletPath() {
        return uri;
    }

    @Override
    public String getPathInfo() {
        return null;
    }

    @Override
    public String getQueryString() {
        return query;
    }

    @Override
    public String getHeader(String name) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(name)) {
                return headers[i + 1];
            }
        }
        return null;
    }

    /** Like Jetty 12's: a new enumeration on every call, also for an absent field. */
    @Override
    public Enumeration<String> getHeaders(String name) {
        String value = getHeader(name);
        return Collections.enumeration(value == null ? List.of() : List.of(value));
    }

    @Override
    public Cookie[] getCookies() {
        return null;
    }

    @Override
    public boolean isAsyncStarted() {
        return false;
    }

    @Override
    public Object getAttribute(String name) {
        return null;
    }
}
