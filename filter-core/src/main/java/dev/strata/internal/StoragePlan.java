package dev.strata.internal;

import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Freshness;
import dev.strata.internal.http.Headers;
import dev.strata.internal.http.HeuristicFreshness;
import dev.strata.internal.http.HttpDates;
import dev.strata.internal.http.StorePolicy;
import dev.strata.internal.http.StoredFields;
import dev.strata.internal.http.TargetedCacheControl;
import java.util.Set;

/**
 * Whether a response from the origin is stored, and with which fields and lifetime (RFC 9111 §3,
 * §4.2): the directives Strata obeys (a targeted field, else {@code Cache-Control}), then the
 * explicit lifetime, else heuristic freshness, else {@code defaultTtl}.
 *
 * <p>Errors and other statuses that are not heuristically cacheable are stored only with explicit
 * freshness from the origin: a cache that stores them on its own guess can be poisoned into
 * serving them (CPDoS). A response without freshness, or stale on arrival, is still stored when it
 * has a validator and may be stored at all, so the next request can validate it instead of
 * fetching it whole.
 *
 * @param refusal why it is not stored, or {@code null}
 * @param lifetime freshness lifetime in millis
 * @param initialAge corrected initial age in millis
 * @param expiresAt epoch millis it stops being fresh
 * @param fields the fields to store
 */
record StoragePlan(String refusal, long lifetime, long initialAge, long expiresAt, Headers fields) {
    /** Statuses {@code defaultTtl} applies to: the heuristically cacheable ones that are not errors. */
    static final Set<Integer> DEFAULT_TTL_STATUSES = Set.of(200, 203, 204, 300, 301, 308);

    static StoragePlan refuse(String why) {
        return new StoragePlan(why, 0, 0, 0, null);
    }

    /**
     * @param engine configuration, policies and clock
     * @param status the response status
     * @param headers the response fields as sent, withheld targeted fields included
     * @param authorized whether the request carried {@code Authorization}
     * @param requestTime when the request went to the origin
     * @param responseTime when the response arrived
     */
    static StoragePlan of(CacheEngine engine, int status, Headers received, boolean authorized, long requestTime,
            long responseTime) {
        Settings settings = engine.settings();
        Headers headers = StoredFields.lastWins(received);
        TargetedCacheControl.Selection selection = TargetedCacheControl.select(headers);
        CacheControl cc = selection.directives();
        String refusal = engine.storePolicy().refusal(status, headers, cc, authorized);
        if (refusal != null) {
            return refuse(refusal);
        }
        boolean validator = StorePolicy.hasValidator(headers);
        long lifetime = Freshness.explicitLifetime(headers, cc, selection.targeted(), responseTime);
        if (lifetime == Freshness.NONE && settings.heuristicFreshness()) {
            lifetime = HeuristicFreshness.lifetime(status, headers, cc, responseTime);
        }
        if (lifetime == Freshness.NONE && DEFAULT_TTL_STATUSES.contains(status) && !settings.defaultTtl().isZero()) {
            lifetime = settings.defaultTtl().toMillis();
        }
        if (lifetime == Freshness.NONE) {
            boolean storableWithoutFreshness = HeuristicFreshness.HEURISTIC_STATUSES.contains(status)
                    || cc.has("public");
            if (!storableWithoutFreshness || !validator || settings.staleRetention().isZero()) {
                return refuse("no freshness information");
            }
            lifetime = 0;
        }
        lifetime = Math.min(lifetime, settings.tier2MaxTtl().toMillis());
        long initialAge = Freshness.initialAge(headers, requestTime, responseTime);
        long expiresAt = responseTime + lifetime - initialAge;
        if (expiresAt <= responseTime && (!validator || settings.staleRetention().isZero())) {
            return refuse("stale on arrival");
        }
        Headers fields = StoredFields.forStorage(headers, cc);
        if (!fields.has("Date")) {
            // RFC 9110 §6.6.1: a recipient with a clock adds the Date it received the response at
            fields = new Headers.Builder().addAll(fields).add("Date", HttpDates.format(responseTime)).build();
        }
        return new StoragePlan(null, lifetime, initialAge, expiresAt, fields);
    }
}
