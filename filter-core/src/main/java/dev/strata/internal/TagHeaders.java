package dev.strata.internal;

import dev.strata.internal.http.Headers;
import dev.strata.internal.purge.PurgeIds;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The response fields that name a response's purge tags ({@code Surrogate-Key}, {@code Cache-Tag}
 * by default): reading the tags, and keeping the fields from the client.
 */
final class TagHeaders {
    /** Most tags one response may carry; one with more is not stored (a purge could miss it). */
    static final int MAX_TAGS = 256;

    private final String[] names;
    private final boolean strip;

    TagHeaders(List<String> names, boolean strip) {
        this.names = names.toArray(new String[0]);
        this.strip = strip && !names.isEmpty();
    }

    /**
     * Whether a field is a tag field. Asked for every field a response sets, hits included:
     * comparing with the two or three names (which fails on the length for nearly every field)
     * allocates nothing, where lower-casing each name did.
     */
    boolean isTagField(String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Whether tag fields are kept from clients (and so from stored headers). */
    boolean strips() {
        return strip;
    }

    /**
     * The tags the fields name (space or comma separated, duplicates dropped, in order), or
     * {@code null} when one is malformed or there are too many: such a response is not stored.
     */
    Set<String> parse(Headers headers) {
        Set<String> tags = new LinkedHashSet<>();
        for (String name : names) {
            for (String value : headers.all(name)) {
                for (String tag : value.split("[ \t,]+")) {
                    if (tag.isEmpty()) {
                        continue;
                    }
                    if (!validTag(tag) || tags.add(tag) && tags.size() > MAX_TAGS) {
                        return null;
                    }
                }
            }
        }
        return tags;
    }

    /** 1 to 1024 visible ASCII characters, no comma. */
    static boolean validTag(String tag) {
        return PurgeIds.validTag(tag);
    }

    /** The response as the application sees it: tag fields it sets are held back from the client. */
    HttpServletResponse wrap(HttpServletResponse response) {
        return strip ? new Withholding(response) : response;
    }

    /**
     * Keeps the tag fields in the wrapper: the application (and Strata's capture, which reads the
     * fields through this wrapper) sees them; the container never gets them.
     */
    private final class Withholding extends HttpServletResponseWrapper {
        // most responses carry no tag field: the list is made by the first one
        private List<String[]> held = List.of();

        Withholding(HttpServletResponse response) {
            super(response);
        }

        private void hold(String name, String value) {
            if (held.isEmpty()) {
                held = new ArrayList<>(2);
            }
            held.add(new String[] {name, value});
        }

        @Override
        public void setHeader(String name, String value) {
            if (name != null && isTagField(name)) {
                if (!held.isEmpty()) {
                    held.removeIf(h -> h[0].equalsIgnoreCase(name));
                }
                if (value != null) {
                    hold(name, value);
                }
                return;
            }
            super.setHeader(name, value);
        }

        @Override
        public void addHeader(String name, String value) {
            if (name != null && isTagField(name)) {
                if (value != null) {
                    hold(name, value);
                }
                return;
            }
            super.addHeader(name, value);
        }

        @Override
        public boolean containsHeader(String name) {
            return isTagField(name) ? held.stream().anyMatch(h -> h[0].equalsIgnoreCase(name))
                    : super.containsHeader(name);
        }

        @Override
        public String getHeader(String name) {
            if (isTagField(name)) {
                return held.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
            }
            return super.getHeader(name);
        }

        @Override
        public Collection<String> getHeaders(String name) {
            if (isTagField(name)) {
                return held.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList();
            }
            return super.getHeaders(name);
        }

        @Override
        public Collection<String> getHeaderNames() {
            Set<String> out = new LinkedHashSet<>(super.getHeaderNames());
            for (String[] h : held) {
                out.add(h[0]);
            }
            return out;
        }

        @Override
        public void reset() {
            super.reset();
            held = List.of();
        }
    }
}
