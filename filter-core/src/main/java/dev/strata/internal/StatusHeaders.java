package dev.strata.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code Cache-Status} (RFC 9211) and {@code X-Cache} on a response. Strata's member is
 * appended after any an upstream cache sent (the list reads from the origin towards the client).
 * Neither carries key material unless the {@code debugHeaders} init-param asks for {@code key=}.
 */
final class StatusHeaders {
    static final String CACHE_STATUS = "Cache-Status";
    static final String X_CACHE = "X-Cache";
    private static final String CACHE_NAME = "Strata";

    private final boolean enabled;

    StatusHeaders(boolean enabled) {
        this.enabled = enabled;
    }

    /** A hit from tier 1 ({@code HIT}) or tier 2 ({@code KV}); {@code ttl} is the remaining freshness. */
    void hit(HttpServletResponse response, TieredStore.Source source, long ttlSeconds) {
        hit(response, source, ttlSeconds, null);
    }

    /**
     * A hit; {@code ttlSeconds} is negative when a stale response is served (a client's
     * {@code max-stale} allowed it).
     *
     * @param key the cache key to show, or {@code null}
     */
    void hit(HttpServletResponse response, TieredStore.Source source, long ttlSeconds, String key) {
        if (!enabled) {
            return;
        }
        boolean tier2 = source == TieredStore.Source.TIER2;
        response.setHeader(X_CACHE, tier2 ? "KV" : "HIT");
        StringBuilder value = new StringBuilder(64).append(CACHE_NAME).append("; hit; ttl=").append(ttlSeconds);
        appendKey(value, key);
        if (tier2) {
            value.append("; detail=tier2");
        }
        set(response, value.toString());
    }

    /**
     * A response the origin produced.
     *
     * @param xCache {@code MISS} or {@code BYPASS}
     * @param fwd RFC 9211 fwd reason
     * @param fwdStatus the origin's status, or -1 when not known yet
     * @param stored whether the response is being stored
     */
    void forward(HttpServletResponse response, String xCache, String fwd, int fwdStatus, boolean stored) {
        forward(response, xCache, fwd, fwdStatus, stored, null, null);
    }

    /**
     * A response the origin produced, or validated.
     *
     * @param ttlSeconds the stored response's remaining freshness, or {@code null}
     * @param key the cache key to show, or {@code null}
     */
    void forward(HttpServletResponse response, String xCache, String fwd, int fwdStatus, boolean stored,
            Long ttlSeconds, String key) {
        if (!enabled || response.isCommitted()) {
            return;
        }
        response.setHeader(X_CACHE, xCache);
        StringBuilder value = new StringBuilder(64).append(CACHE_NAME).append("; fwd=").append(fwd);
        if (fwdStatus > 0) {
            value.append("; fwd-status=").append(fwdStatus);
        }
        if (stored) {
            value.append("; stored");
            if (ttlSeconds != null) {
                value.append("; ttl=").append(ttlSeconds);
            }
        }
        appendKey(value, key);
        set(response, value.toString());
    }

    /** An {@code only-if-cached} request with nothing usable stored: nothing was forwarded. */
    void onlyIfCached(HttpServletResponse response, String key) {
        if (!enabled) {
            return;
        }
        response.setHeader(X_CACHE, "MISS");
        StringBuilder value = new StringBuilder(64).append(CACHE_NAME).append("; detail=only-if-cached");
        appendKey(value, key);
        set(response, value.toString());
    }

    /** Sets Strata's member after the members of caches further upstream. */
    private static void set(HttpServletResponse response, String member) {
        List<String> upstream = new ArrayList<>();
        for (String line : response.getHeaders(CACHE_STATUS)) {
            if (!line.startsWith(CACHE_NAME + ";") && !line.equals(CACHE_NAME)) {
                upstream.add(line);
            }
        }
        upstream.add(member);
        response.setHeader(CACHE_STATUS, String.join(", ", upstream));
    }

    /** Appends {@code key} as an RFC 8941 string: printable ASCII, quotes and backslashes escaped. */
    private static void appendKey(StringBuilder value, String key) {
        if (key == null) {
            return;
        }
        value.append("; key=\"");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '"' || c == '\\') {
                value.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                value.append(String.format("%%%02X", (int) c & 0xff));
            } else {
                value.append(c);
            }
        }
        value.append('"');
    }
}
