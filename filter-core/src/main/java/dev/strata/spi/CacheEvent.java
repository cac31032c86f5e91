package dev.strata.spi;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Supplier;

/**
 * Something that happened in the cache, told to {@link CacheInterceptor#onEvent}. It names the key
 * by a hash only: never the key, the URL or user data.
 */
public final class CacheEvent {
    /** What happened. */
    public enum Outcome {
        /** Answered from a tier ({@link #tier()}: TIER1 or TIER2), fresh. */
        HIT,
        /** Sent to the origin after a lookup. */
        MISS,
        /** The cache was not used for this request (method, credentials, path, interceptor, ...). */
        BYPASS,
        /** Answered with another request's origin fetch, after waiting for it. */
        COALESCED,
        /** Answered with a stale entry ({@link #detail()}: stale-while-revalidate or stale-if-error). */
        STALE,
        /** A response was written to the tiers (background thread: no request). */
        STORE,
        /** A tier operation failed and was failed open ({@link #tier()}). */
        ERROR,
        /** An origin fetch whose response could be stored finished ({@link #durationNanos()}). */
        ORIGIN_FETCH,
        /** A tier-2 read finished ({@link #durationNanos()}). */
        TIER2_READ,
        /** A purge was made through this node ({@link #detail()}: {@code url|tags|all hard|soft}). */
        PURGE
    }

    /** Where it happened. */
    public enum Tier { TIER1, TIER2, ORIGIN, NONE }

    private final Outcome outcome;
    private final Tier tier;
    private final String detail;
    private final long durationNanos;
    private final HttpServletRequest request;
    private final Supplier<String> keyHash;
    private String hash;

    /**
     * @param outcome what happened
     * @param tier where
     * @param detail a short qualifier, or {@code null}
     * @param durationNanos how long it took, or 0
     * @param request the request, or {@code null} for background work
     * @param keyHash computes the key hash on demand; {@code null} when there is no key
     */
    public CacheEvent(Outcome outcome, Tier tier, String detail, long durationNanos, HttpServletRequest request,
            Supplier<String> keyHash) {
        this.outcome = outcome;
        this.tier = tier;
        this.detail = detail;
        this.durationNanos = durationNanos;
        this.request = request;
        this.keyHash = keyHash;
    }

    /** What happened. */
    public Outcome outcome() {
        return outcome;
    }

    /** Where. */
    public Tier tier() {
        return tier;
    }

    /** A short qualifier, or {@code null}. */
    public String detail() {
        return detail;
    }

    /** How long it took in nanoseconds, or 0 when not timed. */
    public long durationNanos() {
        return durationNanos;
    }

    /** The request, or {@code null} for background work (stores, purges). */
    public HttpServletRequest request() {
        return request;
    }

    /** The first 16 hex digits of the SHA-256 of the cache key, or {@code null} without a key. */
    public String keyHash() {
        if (hash == null && keyHash != null) {
            hash = keyHash.get();
        }
        return hash;
    }

    @Override
    public String toString() {
        return "CacheEvent[" + outcome + " " + tier + (detail == null ? "" : " " + detail) + "]";
    }
}
