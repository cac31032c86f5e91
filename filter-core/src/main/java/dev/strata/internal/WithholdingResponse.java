package dev.strata.internal;

import dev.strata.internal.http.Headers;
import dev.strata.internal.http.TargetedCacheControl;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Keeps the targeted fields aimed at Strata alone ({@code Strata-Cache-Control},
 * {@code Surrogate-Control}) from reaching the client, while remembering them for the caching
 * decision. Servlet responses cannot remove a field once set, so they are held back as they are set.
 */
final class WithholdingResponse extends HttpServletResponseWrapper {
    private final List<String[]> withheld = new ArrayList<>(2);

    WithholdingResponse(HttpServletResponse response) {
        super(response);
    }

    /** The fields held back, in the order set. */
    synchronized Headers withheld() {
        Headers.Builder b = new Headers.Builder();
        for (String[] f : withheld) {
            b.add(f[0], f[1]);
        }
        return b.build();
    }

    @Override
    public void setHeader(String name, String value) {
        if (name != null && TargetedCacheControl.withheld(name)) {
            synchronized (this) {
                withheld.removeIf(f -> f[0].equalsIgnoreCase(name));
                if (value != null) {
                    withheld.add(new String[] {name, value});
                }
            }
            return;
        }
        super.setHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (name != null && TargetedCacheControl.withheld(name)) {
            if (value != null) {
                synchronized (this) {
                    withheld.add(new String[] {name, value});
                }
            }
            return;
        }
        super.addHeader(name, value);
    }

    @Override
    public boolean containsHeader(String name) {
        return TargetedCacheControl.withheld(name) ? !withheld(name).isEmpty() : super.containsHeader(name);
    }

    @Override
    public String getHeader(String name) {
        if (TargetedCacheControl.withheld(name)) {
            List<String> values = withheld(name);
            return values.isEmpty() ? null : values.get(0);
        }
        return super.getHeader(name);
    }

    @Override
    public Collection<String> getHeaders(String name) {
        return TargetedCacheControl.withheld(name) ? withheld(name) : super.getHeaders(name);
    }

    @Override
    public void reset() {
        super.reset();
        synchronized (this) {
            withheld.clear();
        }
    }

    private synchronized List<String> withheld(String name) {
        List<String> values = new ArrayList<>();
        for (String[] f : withheld) {
            if (f[0].equalsIgnoreCase(name)) {
                values.add(f[1]);
            }
        }
        return values;
    }
}
