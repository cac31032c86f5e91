package dev.strata.internal;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes {@code Cache-Status} (RFC 9211) and {@code X-Cache} on a response. Neither ever carries
 * key material or user data.
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
        if (!enabled) {
            return;
        }
        boolean tier2 = source == TieredStore.Source.TIER2;
        response.setHeader(X_CACHE, tier2 ? "KV" : "HIT");
        response.setHeader(CACHE_STATUS, CACHE_NAME + "; hit; ttl=" + ttlSeconds + (tier2 ? "; detail=tier2" : ""));
    }

    /** Another request's fetch answered this one: from this node's flight or from tier 2. */
    void collapsed(HttpServletResponse response, TieredStore.Source source, String fwd) {
        if (!enabled) {
            return;
        }
        response.setHeader(X_CACHE, source == TieredStore.Source.TIER2 ? "KV" : "HIT");
        response.setHeader(CACHE_STATUS, CACHE_NAME + "; fwd=" + fwd + "; collapsed");
    }

    /** A stale entry served (ttl negative), and the RFC 5861 rule that allowed it. */
    void stale(HttpServletResponse response, TieredStore.Source source, long ttlSeconds, String rule) {
        if (!enabled) {
            return;
        }
        response.setHeader(X_CACHE, source == TieredStore.Source.TIER2 ? "KV" : "HIT");
        response.setHeader(CACHE_STATUS, CACHE_NAME + "; hit; ttl=" + Math.min(-1, ttlSeconds) + "; detail=" + rule);
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
        if (!enabled) {
            return;
        }
        response.setHeader(X_CACHE, xCache);
        StringBuilder value = new StringBuilder(64).append(CACHE_NAME).append("; fwd=").append(fwd);
        if (fwdStatus > 0) {
            value.append("; fwd-status=").append(fwdStatus);
        }
        if (stored) {
            value.append("; stored");
        }
        response.setHeader(CACHE_STATUS, value.toString());
    }
}
