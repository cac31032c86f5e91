package dev.strata.spi;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A plug-in that takes part in every exchange of a {@code StrataFilter}. Every method has a
 * default that changes nothing, so an interceptor implements only what it needs.
 *
 * <p>Interceptors are listed by class name in the {@code interceptors} init-param (public class,
 * public no-argument constructor), and also found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/dev.strata.spi.CacheInterceptor} file) unless
 * {@code discoverInterceptors} is {@code false}. Listed ones run first, in their order.
 *
 * <p>They fail open: an interceptor that throws is logged (at most once per ten seconds per
 * interceptor) and skipped for that call; the request goes on as if it had not been there. They
 * run on request threads (and {@link #onEvent} also on Strata's writer threads), so they must be
 * fast and thread-safe. Strata's own metrics and its DEBUG log of tier decisions are interceptors.
 */
public interface CacheInterceptor {

    /**
     * Whether this request must not use the cache at all (neither served from it nor stored).
     * Asked after Strata's own request policy allowed the cache.
     */
    default boolean bypass(HttpServletRequest request) {
        return false;
    }

    /**
     * Adds components to the request's cache key, e.g. a tenant or a device class. Components are
     * added after Strata's own (scheme, host, port, URI, query, keyed fields), which cannot be
     * removed. A URL purge reaches every key of the URL whatever the components.
     */
    default void customizeKey(HttpServletRequest request, KeyComponents key) {
    }

    /**
     * Called when a response is about to be stored, after Strata decided it may be: the
     * interceptor may veto it, change its lifetime or add purge tags.
     */
    default void beforeStore(HttpServletRequest request, StoreCandidate candidate) {
    }

    /** Observes what happened: hits per tier, misses, stores, coalesced waits, stale serves, errors, purges. */
    default void onEvent(CacheEvent event) {
    }
}
