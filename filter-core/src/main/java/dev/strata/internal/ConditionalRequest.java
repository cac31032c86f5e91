package dev.strata.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The request as the origin sees it when the cache validates a stored response (RFC 9111 §4.3.1):
 * the client's {@code If-None-Match} and {@code If-Modified-Since} replaced by the stored
 * response's validators, everything else unchanged.
 */
final class ConditionalRequest extends HttpServletRequestWrapper {
    private final String ifNoneMatch;
    private final String ifModifiedSince;

    /**
     * @param request the client's request
     * @param ifNoneMatch the stored {@code ETag} to send, or {@code null}
     * @param ifModifiedSince the stored {@code Last-Modified} to send, or {@code null}
     */
    ConditionalRequest(HttpServletRequest request, String ifNoneMatch, String ifModifiedSince) {
        super(request);
        this.ifNoneMatch = ifNoneMatch;
        this.ifModifiedSince = ifModifiedSince;
    }

    private String replaced(String name) {
        if (name.equalsIgnoreCase("If-None-Match")) {
            return ifNoneMatch;
        }
        return ifModifiedSince;
    }

    private static boolean replaces(String name) {
        return name.equalsIgnoreCase("If-None-Match") || name.equalsIgnoreCase("If-Modified-Since");
    }

    @Override
    public String getHeader(String name) {
        return replaces(name) ? replaced(name) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        if (replaces(name)) {
            String v = replaced(name);
            return v == null ? Collections.emptyEnumeration() : Collections.enumeration(List.of(v));
        }
        return super.getHeaders(name);
    }

    @Override
    public long getDateHeader(String name) {
        if (replaces(name)) {
            String v = replaced(name);
            long parsed = v == null ? Long.MIN_VALUE : dev.strata.internal.http.HttpDates.parse(v);
            return parsed == Long.MIN_VALUE ? -1 : parsed;
        }
        return super.getDateHeader(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements();) {
            String name = e.nextElement();
            if (!replaces(name)) {
                names.add(name);
            }
        }
        if (ifNoneMatch != null) {
            names.add("If-None-Match");
        }
        if (ifModifiedSince != null) {
            names.add("If-Modified-Since");
        }
        return Collections.enumeration(names);
    }
}
