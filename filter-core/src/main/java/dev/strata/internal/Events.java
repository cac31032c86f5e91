package dev.strata.internal;

import dev.strata.internal.key.CacheKey;
import dev.strata.spi.CacheEvent;
import dev.strata.spi.CacheEvent.Outcome;
import dev.strata.spi.CacheEvent.Tier;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Tells the interceptors what happened, at the points where the engine and the tiers count it.
 * Builds no event when there is no interceptor; the key hash is computed only if one asks.
 */
final class Events {
    private final Interceptors interceptors;
    private final Counters counters;

    Events(Interceptors interceptors, Counters counters) {
        this.interceptors = interceptors;
        this.counters = counters;
    }

    static Tier tier(TieredStore.Source source) {
        return source == TieredStore.Source.TIER2 ? Tier.TIER2 : Tier.TIER1;
    }

    /** The first 16 hex digits of the SHA-256 of a full key, as {@code debugHeaders} shows it. */
    static String hash(String fullKey) {
        return CacheKey.of(fullKey).digest().substring(0, StatusHeaders.KEY_DIGEST_CHARS);
    }

    /** @param key the full key, or {@code null} */
    void emit(Outcome outcome, Tier tier, String detail, long nanos, HttpServletRequest request, String key) {
        if (interceptors.size() == 0) {
            return;
        }
        interceptors.emit(new CacheEvent(outcome, tier, detail, nanos, request, key == null ? null : () -> hash(key)));
    }

    void hit(HttpServletRequest request, TieredStore.Source source, String key) {
        emit(Outcome.HIT, tier(source), null, 0, request, key);
    }

    void miss(HttpServletRequest request, String key, String fwd) {
        emit(Outcome.MISS, Tier.ORIGIN, fwd, 0, request, key);
    }

    void bypass(HttpServletRequest request, String fwd) {
        emit(Outcome.BYPASS, Tier.ORIGIN, fwd, 0, request, null);
    }

    void coalesced(HttpServletRequest request, TieredStore.Source source, String key) {
        emit(Outcome.COALESCED, tier(source), null, 0, request, key);
    }

    void stale(HttpServletRequest request, TieredStore.Source source, String key, String rule) {
        emit(Outcome.STALE, tier(source), rule, 0, request, key);
    }

    void stored(String key) {
        emit(Outcome.STORE, Tier.NONE, null, 0, null, key);
    }

    void error(Tier tier, String operation, String key) {
        emit(Outcome.ERROR, tier, operation, 0, null, key);
    }

    void originFetch(HttpServletRequest request, String key, long nanos) {
        counters.originFetches.increment();
        counters.originFetchNanos.add(nanos);
        emit(Outcome.ORIGIN_FETCH, Tier.ORIGIN, null, nanos, request, key);
    }

    void tier2Read(String key, long nanos) {
        counters.tier2Reads.increment();
        counters.tier2ReadNanos.add(nanos);
        emit(Outcome.TIER2_READ, Tier.TIER2, null, nanos, null, key);
    }

    void purge(String kind, boolean soft) {
        counters.purges.increment();
        emit(Outcome.PURGE, Tier.NONE, kind + (soft ? " soft" : " hard"), 0, null, null);
    }
}
