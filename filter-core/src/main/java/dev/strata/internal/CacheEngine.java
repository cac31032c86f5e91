package dev.strata.internal;

import dev.strata.CacheStats;
import dev.strata.internal.capture.CapturingResponse;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Conditional;
import dev.strata.internal.http.InvalidationTargets;
import dev.strata.internal.http.RequestDirectives;
import dev.strata.internal.http.RequestPolicy;
import dev.strata.internal.http.ServePolicy;
import dev.strata.internal.http.StorePolicy;
import dev.strata.internal.http.TargetedCacheControl;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
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
    private final StatusHeaders statusHeaders;
    private final TieredStore store;
    private final RateLimitedLog failures = new RateLimitedLog(10_000);
    // --- issue 4: HTTP semantics ---
    private final ForcedRefreshLimiter refreshLimiter;
    private final InvalidationLog invalidations = new InvalidationLog();

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
        this.statusHeaders = new StatusHeaders(settings.statusHeaders());
        this.store = new TieredStore(tier1, tier2, new WriteBehind(settings.writeQueueCapacity(), 2), counters,
                settings.tier1MaxTtl().toMillis(), settings.staleRetention().toMillis(),
                settings.maxVariantsPerUrl(), invalidations);
        this.refreshLimiter = new ForcedRefreshLimiter(settings.forcedRefreshInterval().toMillis());
    }

    /** Handles one HTTP exchange. */
    public void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        counters.requests.increment();
        long now = clock.millis();
        RequestPolicy.Decision decision = decide(request);
        if (decision.bypass()) {
            counters.bypasses.increment();
            forward(request, response, chain, "BYPASS", decision.fwd(), null);
            return;
        }
        CacheKey primary = KeyBuilder.primary(request.getScheme(), request.getServerName(), request.getServerPort(),
                request.getRequestURI(), request.getQueryString());
        String fwd = decision.fwd();
        // --- issue 4: request directives (RFC 9111 §5.2.1), serve policy, validation ---
        RequestDirectives directives = RequestDirectives.parse(joinedHeader(request, "Cache-Control"),
                joinedHeader(request, "Pragma"));
        boolean head = request.getMethod().equals("HEAD");
        if (decision.lookup()) {
            TieredStore.Lookup lookup = lookup(primary, request, now);
            CachedResponse entry = lookup.response();
            if (entry == null || invalidations.invalidated(primary.storage(), entry.storedAt())) {
                fwd = entry == null ? lookup.missReason() : "uri-miss";
            } else {
                ServePolicy.Decision use = usable(lookup, directives, now);
                if (use.action() == ServePolicy.Action.SERVE) {
                    if (serveHit(lookup, request, response, now)) {
                        return;
                    }
                    fwd = "miss";
                } else if (use.action() == ServePolicy.Action.VALIDATE && !head && decision.store()
                        && !directives.onlyIfCached()) {
                    counters.misses.increment();
                    new Revalidation(this, request, response, primary, lookup.storeKey(), entry, use.fwd(), now)
                            .run(chain);
                    return;
                } else {
                    fwd = use.fwd();
                }
            }
        }
        if (directives.onlyIfCached()) {
            gatewayTimeout(response, primary, now);
            return;
        }
        counters.misses.increment();
        if (!decision.store() || head) {
            forward(request, response, chain, "MISS", fwd, primary);
            return;
        }
        fetchFromOrigin(request, response, chain, primary, fwd, now);
    }

    /** Whether and how a stored response may answer, with client-forced refreshes limited per key. */
    private ServePolicy.Decision usable(TieredStore.Lookup lookup, RequestDirectives directives, long now) {
        CachedResponse entry = lookup.response();
        CacheControl cc = TargetedCacheControl.select(entry.headers()).directives();
        long lifetime = entry.expiresAt() - entry.storedAt() + entry.initialAge();
        boolean validator = entry.etag() != null || entry.lastModified() != null;
        ServePolicy.Decision use = ServePolicy.decide(cc, lifetime, entry.ageAt(now), validator, directives);
        if (use.clientForced() && !refreshLimiter.allow(lookup.storeKey().storage(), now)) {
            return new ServePolicy.Decision(ServePolicy.Action.SERVE, null, false);
        }
        return use;
    }

    /** RFC 9111 §5.2.1.7: {@code only-if-cached} with nothing usable stored is answered 504. */
    private void gatewayTimeout(HttpServletResponse response, CacheKey primary, long now) {
        counters.misses.increment();
        response.setStatus(HttpServletResponse.SC_GATEWAY_TIMEOUT);
        response.setHeader("Date", dev.strata.internal.http.HttpDates.format(now));
        response.setHeader("Cache-Control", "no-store");
        statusHeaders.onlyIfCached(response, debugKey(primary));
        response.setContentLength(0);
    }

    /**
     * Passes a request the cache does not store to the chain: the response is labelled when it
     * commits, fields aimed at Strata are withheld, and a non-error answer to an unsafe method
     * invalidates what the cache holds for the URL (RFC 9111 §4.4).
     *
     * @param primary the URL's key, or {@code null} when not built yet
     */
    private void forward(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String xCache,
            String fwd, CacheKey primary) throws IOException, ServletException {
        boolean unsafe = InvalidationTargets.unsafe(request.getMethod());
        CacheKey key = primary != null || !settings.debugHeaders() ? primary : KeyBuilder.primary(
                request.getScheme(), request.getServerName(), request.getServerPort(), request.getRequestURI(),
                request.getQueryString());
        CapturingResponse label = new CapturingResponse(response, 0, (status, headers, length) -> {
            ResponseFields.normalise(response, clock.millis());
            statusHeaders.forward(response, xCache, fwd, status, false, null, debugKey(key));
            if (unsafe && InvalidationTargets.triggers(status)) {
                invalidate(request, headers.first("Location"), headers.first("Content-Location"));
            }
            return false;
        });
        CompletionHookRequest hooked = new CompletionHookRequest(request, label::commitIfUnseen);
        chain.doFilter(hooked, new WithholdingResponse(label));
        if (!request.isAsyncStarted()) {
            hooked.runHook();
        }
    }

    /** Invalidates the target URI and same-origin Location / Content-Location in both tiers. */
    private void invalidate(HttpServletRequest request, String location, String contentLocation) {
        try {
            long now = clock.millis();
            for (InvalidationTargets.Target t : InvalidationTargets.of(request.getScheme(), request.getServerName(),
                    request.getServerPort(), request.getRequestURI(), request.getQueryString(), location,
                    contentLocation)) {
                CacheKey key = KeyBuilder.primary(request.getScheme(), request.getServerName(),
                        request.getServerPort(), t.rawPath(), t.rawQuery());
                invalidations.record(key.storage(), now);
                store.invalidate(key);
            }
        } catch (RuntimeException e) {
            failures.warn("Strata invalidation failed", e);
        }
    }

    /** The key text for {@code Cache-Status}'s {@code key=}, when the {@code debugHeaders} init-param is on. */
    String debugKey(CacheKey key) {
        return settings.debugHeaders() && key != null ? key.full() : null;
    }
    // --- end issue 4 ---

    private RequestPolicy.Decision decide(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        String path = pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
        // issue 4: every field line counts (a client may send Cache-Control twice)
        return requestPolicy.decide(request.getMethod(), path, request.getQueryString(),
                name -> joinedHeader(request, name), hasPerUserCookie(request));
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
                    request.getHeader("If-Modified-Since"), entry.etag(), entry.lastModified(),
                    entry.headers().first("Date"));
            statusHeaders.hit(response, lookup.source(), Math.floorDiv(entry.expiresAt() - now, 1000),
                    settings.debugHeaders() ? lookup.storeKey().full() : null);
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
            CacheKey primary, String fwd, long requestTime) throws IOException, ServletException {
        OriginFetch fetch = new OriginFetch(this, request, response, primary, fwd, requestTime);
        CapturingResponse capture = new CapturingResponse(response, settings.maxEntryBytes(), fetch);
        HttpServletRequest originRequest = ValidatorStrippingRequest.needed(request)
                ? new ValidatorStrippingRequest(request) : request;
        // issue 4: withhold Strata-targeted fields; commit and store before an async response completes
        WithholdingResponse withholding = new WithholdingResponse(capture);
        fetch.withholding(withholding);
        CompletionHookRequest hooked = new CompletionHookRequest(originRequest, () -> {
            capture.commitIfUnseen();
            fetch.complete(capture);
        });
        chain.doFilter(hooked, withholding);
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new CompleteWhenDone(fetch, capture));
            return;
        }
        capture.commitIfUnseen();
        fetch.complete(capture);
    }

    /** Stores an asynchronous response once the container says it is complete. */
    record CompleteWhenDone(OriginFetch fetch, CapturingResponse capture) implements AsyncListener {
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
