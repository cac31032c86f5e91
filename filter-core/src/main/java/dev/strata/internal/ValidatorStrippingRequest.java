package dev.strata.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Hides the client's {@code If-None-Match} and {@code If-Modified-Since} from the origin on a miss
 * that may be stored: the cache needs the full response, not a {@code 304} only that client can use.
 */
final class ValidatorStrippingRequest extends HttpServletRequestWrapper {
    ValidatorStrippingRequest(HttpServletRequest request) {
        super(request);
    }

    /** Whether the request carries a validator worth hiding. */
    static boolean needed(HttpServletRequest request) {
        return request.getHeader("If-None-Match") != null || request.getHeader("If-Modified-Since") != null;
    }

    private static boolean hidden(String name) {
        return name.equalsIgnoreCase("If-None-Match") || name.equalsIgnoreCase("If-Modified-Since");
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public long getDateHeader(String name) {
        return hidden(name) ? -1 : super.getDateHeader(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> e = super.getHeaderNames(); e.hasMoreElements();) {
            String name = e.nextElement();
            if (!hidden(name)) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }
}
