package dev.strata.internal;

import dev.strata.internal.key.CacheKey;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code Cache-Status} (RFC 9211) and {@code X-Cache} on a response. Neither carries key
 * material or user data: the key holds the URL, the host and keyed request fields, which can be
 * private. Only with the {@code debugHeaders} init-param does {@code Cache-Status} add RFC 9211's
 * {@code key} parameter, and even then as a SHA-256 prefix that tells keys apart without
 * revealing them. Strata's member is appended after any an upstream cache sent (the list reads
 * from the origin towards the client).
 */
final class StatusHeaders {
    static final String CACHE_STATUS = "Cache-Status";
    static final String X_CACHE = "X-Cache";
    private static final String CACHE_NAME = "Strata";
    /** Hex digits of the key digest shown: 64 bits tell keys apart in a debugging session. */
    static final int KEY_DIGEST_CHARS = 16;

    /** Hit {@code Cache-Status} values are kept for ttls below this many seconds. */
    static final int CACHED_TTLS = 4096;

    private final boolean enabled;
    private final boolean debugKeys;
    private final String[] tier1HitValues = new String[CACHED_TTLS];
    private final String[] tier2HitValues = new String[CACHED_TTLS];

    StatusHeaders(boolean enabled, boolean debugKeys) {
        this.enabled = enabled;
        this.debugKeys = debugKeys;
    }

    /**
     * A hit from tier 1 ({@code HIT}) or tier 2 ({@code KV}); {@code ttl} is the remaining freshness,
     * negative when a stale response is served because a client's {@code max-stale} allowed it.
     *
     * @param fullKey the full text of the key the hit was stored under (only read with debug keys)
     */
    void hit(HttpServletResponse response, TieredStore.Source source, long ttlSeconds, String fullKey) {
        if (!enabled) {
            return;
        }
        boolean tier2 = source == TieredStore.Source.TIER2;
        response.setHeader(X_CACHE, tier2 ? "KV" : "HIT");
        set(response, hitValue(tier2, ttlSeconds, fullKey));
    }

    /**
     * The {@code Cache-Status} of a hit. Without debug keys it depends on the tier and the ttl only,
     * so each one is built once and kept (ttls below {@value #CACHED_TTLS} s): a hit builds no string.
     */
    private String hitValue(boolean tier2, long ttlSeconds, String fullKey) {
        if (debugKeys || ttlSeconds < 0 || ttlSeconds >= CACHED_TTLS) {
            return buildHitValue(tier2, ttlSeconds, fullKey);
        }
        String[] built = tier2 ? tier2HitValues : tier1HitValues;
        String value = built[(int) ttlSeconds];
        if (value == null) {
            // racing threads build equal strings; Strings are safely published
            value = buildHitValue(tier2, ttlSeconds, null);
            built[(int) ttlSeconds] = value;
        }
        return value;
    }

    private String buildHitValue(boolean tier2, long ttlSeconds, String fullKey) {
        StringBuilder value = new StringBuilder(64).append(CACHE_NAME).append("; hit; ttl=").append(ttlSeconds);
        if (tier2) {
            value.append("; detail=tier2");
        }
        appendKey(value, fullKey == null ? null : CacheKey.of(fullKey));
        return value.toString();
    }

    /** Another request's fetch answered this one: from this node's flight or from tier 2. */
    void collapsed(HttpServletResponse response, TieredStore.Source source, String fwd) {
        if (!enabled) {
            return;
        }
        response.setHeader(X_CACHE, source == TieredStore.Source.TIER2 ? "KV" : "HIT");
        set(response, CACHE_NAME + "; fwd=" + fwd + "; collapsed");
    }

    /** A stale entry served (ttl negative), and the RFC 5861 rule that allowed it. */
    void stale(HttpServletResponse response, TieredStore.Source source, long ttlSeconds, String rule) {
        if (!enabled) {
            return;
        }
        response.setHeader(X_CACHE, source == TieredStore.Source.TIER2 ? "KV" : "HIT");
        set(response, CACHE_NAME + "; hit; ttl=" + Math.min(-1, ttlSeconds) + "; detail=" + rule);
    }

    /**
     * A response the origin produced.
     *
     * @param xCache {@code MISS} or {@code BYPASS}
     * @param fwd RFC 9211 fwd reason
     * @param fwdStatus the origin's status, or -1 when not known yet
     * @param stored whether the response is being stored
     * @param key the key it is looked up or stored under, {@code null} when the cache was bypassed
     */
    void forward(HttpServletResponse response, String xCache, String fwd, int fwdStatus, boolean stored,
            CacheKey key) {
        forward(response, xCache, fwd, fwdStatus, stored, null, key);
    }

    /**
     * A response the origin produced, or validated.
     *
     * @param ttlSeconds the stored response's remaining freshness, or {@code null}
     */
    void forward(HttpServletResponse response, String xCache, String fwd, int fwdStatus, boolean stored,
            Long ttlSeconds, CacheKey key) {
        if (!enabled || response.isCommitted()) {
            return;
        }
        response.setHeader(X_CACHE, xCache);
        StringBuilder value = new StringBuilder(64).append(CACHE_NAME).append("; fwd=").append(fwd);
        if (fwdStatus > 0) {
            value.append("; fwd-status=").append(fwdStatus);
        }
        if (stored) {
            if (ttlSeconds != null) {
                value.append("; ttl=").append(ttlSeconds);
            }
            value.append("; stored");
        }
        appendKey(value, key);
        set(response, value.toString());
    }

    /** An {@code only-if-cached} request with nothing usable stored: nothing was forwarded. */
    void onlyIfCached(HttpServletResponse response, CacheKey key) {
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
        if (response.getHeader(CACHE_STATUS) == null) {
            response.setHeader(CACHE_STATUS, member); // nearly always: no cache upstream said anything
            return;
        }
        List<String> upstream = new ArrayList<>();
        for (String line : response.getHeaders(CACHE_STATUS)) {
            if (!line.startsWith(CACHE_NAME + ";") && !line.equals(CACHE_NAME)) {
                upstream.add(line);
            }
        }
        upstream.add(member);
        response.setHeader(CACHE_STATUS, String.join(", ", upstream));
    }

    private void appendKey(StringBuilder value, CacheKey key) {
        if (debugKeys && key != null) {
            // RFC 9211 §2.7 key is an sf-string; a hex digest may start with a digit, so no token.
            value.append("; key=\"").append(key.digest(), 0, KEY_DIGEST_CHARS).append('"');
        }
    }
}
