package dev.strata.internal;

import dev.strata.CacheStats;
import dev.strata.internal.capture.CapturingResponse;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.AllowedHosts;
import dev.strata.internal.http.Conditional;
import dev.strata.internal.http.RequestPolicy;
import dev.strata.internal.http.StorePolicy;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.QueryKey;
import dev.strata.internal.key.RequestKeys;
import dev.strata.internal.tier.Tier1;
import dev.strata.internal.tier.Tier2;
import dev.strata.internal.tier.WriteBehind;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Enumeration;

/**
 * Reads one exchange top to bottom: request policy, key, tier 1, tier 2, origin, response policy,
 * store. It does no byte-level I/O itself, and every cache failure on the way is a miss.
 */
public final class CacheEngine implements AutoCloseable {
    private final Settings settings;
    private final Clock clock;
    private final Counters counters = new Counters();
    private final RequestPolicy requestPolicy;
    private final StorePolicy storePolicy;
    private final AllowedHosts allowedHosts;
    private final RequestKeys keys;
    private final StatusHeaders statusHeaders;
    private final TieredStore store;
    private final RateLimitedLog failures = new RateLimitedLog(10_000);

    /**
     * @param settings parsed configuration
     * @param clock time source
     * @param tier1 tier 1, or {@code null} when off
     * @param tier2 tier 2, or {@code null} when off
     */
    public CacheEngine(Settings settings, Clock clock, Tier1 tier1, Tier2 tier2) {
        this.settings = settings;
        this.clock = clock;
        this.requestPolicy = new RequestPolicy(settings.paths(), settings.storeAuthorized());
        this.storePolicy = new StorePolicy(settings.cacheableStatuses(), settings.storeAuthorized());
        this.allowedHosts = new AllowedHosts(settings.allowedHosts());
        this.keys = new RequestKeys(settings.keyedHeaders(),
                new QueryKey(settings.ignoredQueryParams(), settings.sortQueryParams()));
        this.statusHeaders = new StatusHeaders(settings.statusHeaders(), settings.debugHeaders());
        this.store = new TieredStore(tier1, tier2, new WriteBehind(settings.writeQueueCapacity(), 2), counters,
                settings.tier1MaxTtl().toMillis());
    }

    /** Handles one HTTP exchange. */
    public void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        counters.requests.increment();
        long now = clock.millis();
        RequestPolicy.Decision decision = decide(request);
        if (decision.bypass()) {
            counters.bypasses.increment();
            statusHeaders.forward(response, "BYPASS", decision.fwd(), -1, false, null);
            chain.doFilter(request, response);
            return;
        }
        CacheKey primary = keys.primary(request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getRequestURI(), request.getQueryString(), name -> joinedHeader(request, name));
        String fwd = decision.fwd();
        boolean holdsSuccess = false;
        if (decision.lookup()) {
            TieredStore.Lookup lookup = lookup(primary, request, now);
            holdsSuccess = holdsSuccess(lookup);
            if (lookup.response() == null) {
                fwd = lookup.missReason();
            } else if (!lookup.response().freshAt(now)) {
                fwd = "stale";
            } else if (serveHit(lookup, request, response, now)) {
                return;
            } else {
                fwd = "miss";
            }
        }
        counters.misses.increment();
        if (!decision.store() || request.getMethod().equals("HEAD")) {
            statusHeaders.forward(response, "MISS", fwd, -1, false, primary);
            chain.doFilter(request, response);
            return;
        }
        if (!decision.lookup()) {
            // A forced refresh (request no-cache) is how a client makes the origin answer again for
            // an entry that is stored: find out what is held so an error cannot replace it.
            holdsSuccess = holdsSuccess(lookup(primary, request, now));
        }
        fetchFromOrigin(request, response, chain, primary, fwd, now, holdsSuccess);
    }

    /**
     * Whether the tiers hold a successful response (fresh or stale) for the request, or a variant
     * index for its URL. An error response must never replace either (CPDoS): one bad request
     * would otherwise take the page down for everyone until the error expires.
     */
    private static boolean holdsSuccess(TieredStore.Lookup lookup) {
        CachedResponse held = lookup.response();
        return held != null ? held.status() < 400 : "vary-miss".equals(lookup.missReason());
    }

    private RequestPolicy.Decision decide(HttpServletRequest request) {
        if (!allowedHosts.allows(request.getServerName())) {
            return RequestPolicy.Decision.BYPASS;
        }
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
        return requestPolicy.decide(request.getMethod(), path, request.getQueryString(), request::getHeader,
                hasPerUserCookie(request));
    }

    private TieredStore.Lookup lookup(CacheKey primary, HttpServletRequest request, long now) {
        try {
            return store.find(primary, name -> joinedHeader(request, name), now);
        } catch (RuntimeException e) {
            failures.warn("Strata lookup failed, treating as a miss", e);
            return new TieredStore.Lookup(null, null, "miss", primary);
        }
    }

    private boolean serveHit(TieredStore.Lookup lookup, HttpServletRequest request, HttpServletResponse response,
            long now) throws IOException {
        CachedResponse entry = lookup.response();
        try {
            boolean notModified = Conditional.notModified(request.getHeader("If-None-Match"),
                    request.getHeader("If-Modified-Since"), entry.etag(), entry.lastModified());
            statusHeaders.hit(response, lookup.source(), Math.max(0, (entry.expiresAt() - now) / 1000),
                    lookup.storeKey());
            HitWriter.write(entry, response, now, notModified, !request.getMethod().equals("HEAD"));
            (lookup.source() == TieredStore.Source.TIER1 ? counters.tier1Hits : counters.tier2Hits).increment();
            if (notModified) {
                counters.notModified.increment();
            }
            return true;
        } catch (RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            failures.warn("Strata could not serve a stored response, going to the origin", e);
            response.reset();
            return false;
        }
    }

    private void fetchFromOrigin(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheKey primary, String fwd, long requestTime, boolean holdsSuccess) throws IOException, ServletException {
        OriginFetch fetch = new OriginFetch(this, request, response, primary, fwd, requestTime, holdsSuccess);
        CapturingResponse capture = new CapturingResponse(response, settings.maxEntryBytes(), fetch);
        HttpServletRequest originRequest = ValidatorStrippingRequest.needed(request)
                ? new ValidatorStrippingRequest(request) : request;
        chain.doFilter(originRequest, capture);
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new CompleteWhenDone(fetch, capture));
            return;
        }
        capture.commitIfUnseen();
        fetch.complete(capture);
    }

    /** Stores an asynchronous response once the container says it is complete. */
    private record CompleteWhenDone(OriginFetch fetch, CapturingResponse capture) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            fetch.complete(capture);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // not complete: nothing is stored
        }

        @Override
        public void onError(AsyncEvent event) {
            // not complete: nothing is stored
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    private boolean hasPerUserCookie(HttpServletRequest request) {
        if (settings.bypassCookies().isEmpty() || request.getHeader("Cookie") == null) {
            return false;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (settings.bypassCookies().contains(c.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** All values of a request field joined with commas, or {@code null} when absent. */
    static String joinedHeader(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder b = new StringBuilder(first);
        while (values.hasMoreElements()) {
            b.append(',').append(values.nextElement());
        }
        return b.toString();
    }

    /** This node's counters. */
    public CacheStats stats() {
        return counters.snapshot(store.tier2Circuit());
    }

    Settings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    StorePolicy storePolicy() {
        return storePolicy;
    }

    StatusHeaders statusHeaders() {
        return statusHeaders;
    }

    TieredStore store() {
        return store;
    }

    @Override
    public void close() {
        store.close();
    }
}
