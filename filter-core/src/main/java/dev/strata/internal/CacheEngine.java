package dev.strata.internal;

import dev.strata.CacheStats;
import dev.strata.internal.capture.CapturingResponse;
import dev.strata.internal.capture.DetachedResponse;
import dev.strata.internal.coordination.Claim;
import dev.strata.internal.coordination.HitForMiss;
import dev.strata.internal.coordination.LocalFlights;
import dev.strata.internal.coordination.NamespaceVersion;
import dev.strata.internal.coordination.WriteCoordinator;
import dev.strata.internal.entry.CachedResponse;
import dev.strata.internal.http.AllowedHosts;
import dev.strata.internal.http.Conditional;
import dev.strata.internal.http.RequestPolicy;
import dev.strata.internal.http.StorePolicy;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
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
import java.util.Arrays;
import java.util.Enumeration;

/**
 * Reads one exchange top to bottom: request policy, key, tier 1, tier 2, coordinator, origin,
 * response policy, store. It does no byte-level I/O itself, and every cache failure on the way is
 * a miss.
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
    private final Coalescer coalescer;
    private final NamespaceVersion versions;
    private final RateLimitedLog failures = new RateLimitedLog(10_000);

    /**
     * @param settings parsed configuration
     * @param clock time source
     * @param tier1 tier 1, or {@code null} when off
     * @param tier2 tier 2, or {@code null} when off
     * @param coordinator picks one writer per key
     * @param versions the namespace version in every key
     */
    public CacheEngine(Settings settings, Clock clock, Tier1 tier1, Tier2 tier2, WriteCoordinator coordinator,
            NamespaceVersion versions) {
        this.settings = settings;
        this.clock = clock;
        this.requestPolicy = new RequestPolicy(settings.paths(), settings.storeAuthorized());
        this.storePolicy = new StorePolicy(settings.cacheableStatuses(), settings.storeAuthorized());
        this.allowedHosts = new AllowedHosts(settings.allowedHosts());
        this.keys = new RequestKeys(settings.keyedHeaders(),
                new QueryKey(settings.ignoredQueryParams(), settings.sortQueryParams()));
        this.statusHeaders = new StatusHeaders(settings.statusHeaders(), settings.debugHeaders());
        this.store = new TieredStore(tier1, tier2, new WriteBehind(settings.writeQueueCapacity(), 2), counters,
                settings.tier1MaxTtl().toMillis(), coordinator.fenced() ? settings.minWriteInterval().toMillis() : 0);
        this.coalescer = new Coalescer(coordinator, new HitForMiss(settings.hitForMissTtl().toMillis(), 10_000), store,
                settings.coalesceTimeout().toMillis());
        this.versions = versions;
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
        long version = versions.current();
        CacheKey primary = keys.primary(version, request.getScheme(), request.getServerName(),
                request.getServerPort(), request.getRequestURI(), request.getQueryString(),
                name -> joinedHeader(request, name));
        String fwd = decision.fwd();
        CachedResponse stale = null;
        boolean holdsSuccess = false;
        if (decision.lookup()) {
            TieredStore.Lookup lookup = lookup(primary, request, now);
            holdsSuccess = holdsSuccess(lookup);
            CachedResponse found = lookup.response();
            if (found == null) {
                fwd = lookup.missReason();
            } else if (found.freshAt(now)) {
                if (serve(found, lookup.source(), null, request, response, now)) {
                    return;
                }
                fwd = "miss";
            } else if (found.revalidatableAt(now) && decision.store()) {
                if (serveStaleAndRefresh(found, lookup.source(), primary, request, response, chain, now, version)) {
                    return;
                }
                fwd = "stale";
                stale = found;
            } else {
                fwd = "stale";
                stale = found;
            }
        }
        counters.misses.increment();
        if (!decision.lookup() && decision.store()) {
            // A forced refresh (request no-cache) is how a client makes the origin answer again for
            // an entry that is stored: find out what is held so an error cannot replace it.
            holdsSuccess = holdsSuccess(lookup(primary, request, now));
        }
        boolean head = request.getMethod().equals("HEAD");
        if (!decision.store() || head || coalescer.knownUncacheable(primary, now)) {
            origin(request, response, chain, primary, fwd, now, version, head ? null : stale, null, holdsSuccess);
            return;
        }
        LocalFlights.Flight flight = coalescer.join(primary);
        if (!flight.leader()) {
            CachedResponse collapsed = coalescer.follow(flight);
            if (collapsed != null && matches(collapsed, request) && collapsed.freshAt(clock.millis())
                    && collapsed.storedAt() >= minStoredAt(decision, now)
                    && serve(collapsed, TieredStore.Source.TIER1, fwd, request, response, clock.millis())) {
                counters.coalesced.increment();
                return;
            }
            origin(request, response, chain, primary, fwd, now, version, stale, null, holdsSuccess);
            return;
        }
        lead(flight, request, response, chain, primary, fwd, now, version, stale, holdsSuccess,
                minStoredAt(decision, now));
    }

    /** A forced refresh only takes a response fetched after it began; a miss takes any fresh one. */
    private static long minStoredAt(RequestPolicy.Decision decision, long now) {
        return decision.lookup() ? 0 : now;
    }

    private void lead(LocalFlights.Flight flight, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, CacheKey primary, String fwd, long now, long version, CachedResponse stale,
            boolean holdsSuccess, long minStoredAt) throws IOException, ServletException {
        Coalescer.Turn turn;
        try {
            turn = coalescer.takeTurn(primary, name -> joinedHeader(request, name), clock::millis, minStoredAt);
        } catch (RuntimeException e) {
            failures.warn("Strata coalescing failed, going to the origin", e);
            turn = Coalescer.Turn.FAILED;
        }
        switch (turn.kind()) {
            case CLAIMED -> origin(request, response, chain, primary, fwd, now, version, stale,
                    coalescer.leaderCompletion(flight, turn.claim(), primary, now), holdsSuccess);
            case FOUND -> {
                flight.finish(turn.found());
                store.promoteFound(turn.found(), clock.millis());
                if (matches(turn.found(), request)
                        && serve(turn.found(), TieredStore.Source.TIER2, fwd, request, response, clock.millis())) {
                    counters.coalesced.increment();
                } else {
                    origin(request, response, chain, primary, fwd, now, version, stale, null, holdsSuccess);
                }
            }
            case UNCACHEABLE -> {
                coalescer.markUncacheable(primary, now);
                flight.finish(null);
                origin(request, response, chain, primary, fwd, now, version, stale, null, holdsSuccess);
            }
            default -> origin(request, response, chain, primary, fwd, now, version, stale,
                    coalescer.localCompletion(flight, now), holdsSuccess);
        }
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

    /**
     * Writes a stored response: a hit, or (with {@code collapsedFwd}) another request's fetch.
     * Answers {@code false}, with the response reset, when it could not and the origin should answer.
     */
    private boolean serve(CachedResponse entry, TieredStore.Source source, String collapsedFwd,
            HttpServletRequest request, HttpServletResponse response, long now) throws IOException {
        try {
            boolean notModified = Conditional.notModified(request.getHeader("If-None-Match"),
                    request.getHeader("If-Modified-Since"), entry.etag(), entry.lastModified());
            if (collapsedFwd == null) {
                statusHeaders.hit(response, source, (entry.expiresAt() - now) / 1000, entry.key());
                (source == TieredStore.Source.TIER1 ? counters.tier1Hits : counters.tier2Hits).increment();
            } else {
                statusHeaders.collapsed(response, source, collapsedFwd);
            }
            HitWriter.write(entry, response, now, notModified, !request.getMethod().equals("HEAD"));
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

    /**
     * stale-while-revalidate: the client gets the stale entry at once; then, if this request wins
     * both this node's flight and the cluster-wide claim, it refreshes the entry from the origin on
     * its own thread with a response no client sees.
     */
    private boolean serveStaleAndRefresh(CachedResponse entry, TieredStore.Source source, CacheKey primary,
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, long now, long version)
            throws IOException {
        try {
            statusHeaders.stale(response, source, (entry.expiresAt() - now) / 1000, "stale-while-revalidate");
            HitWriter.write(entry, response, now, Conditional.notModified(request.getHeader("If-None-Match"),
                    request.getHeader("If-Modified-Since"), entry.etag(), entry.lastModified()),
                    !request.getMethod().equals("HEAD"));
            response.flushBuffer();
        } catch (RuntimeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            response.reset();
            return false;
        }
        counters.staleServed.increment();
        if (request.getMethod().equals("GET")) {
            refreshInBackground(request, response, chain, primary, now, version);
        }
        return true;
    }

    private void refreshInBackground(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheKey primary, long now, long version) {
        LocalFlights.Flight flight = coalescer.join(primary);
        if (!flight.leader()) {
            return;
        }
        Claim claim = coalescer.tryClaim(primary);
        if (claim == null) {
            flight.finish(null);
            return;
        }
        OriginFetch fetch = new OriginFetch(this, request, null, primary, "stale", now, version, null,
                coalescer.leaderCompletion(flight, claim, primary, now), true);
        DetachedResponse detached = new DetachedResponse(response, settings.maxEntryBytes(), fetch);
        try {
            chain.doFilter(originRequest(request), detached);
            detached.finish();
            if (request.isAsyncStarted()) {
                // the refresh answered asynchronously: its response cannot be awaited here
                fetch.fail();
                return;
            }
            fetch.complete(detached);
        } catch (IOException | ServletException | RuntimeException e) {
            fetch.fail();
            failures.warn("Strata background refresh failed", e);
        }
    }

    /**
     * Sends the request to the origin. With a {@code completion}, the response may be stored and the
     * completion gets the outcome; without, nothing is stored. A stale entry within its
     * stale-if-error window answers instead of an origin error or exception.
     */
    private void origin(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheKey primary, String fwd, long requestTime, long version, CachedResponse stale,
            OriginFetch.Completion completion, boolean holdsSuccess) throws IOException, ServletException {
        if (completion == null && stale == null) {
            statusHeaders.forward(response, "MISS", fwd, -1, false, primary);
            chain.doFilter(request, response);
            return;
        }
        OriginFetch fetch = new OriginFetch(this, request, response, primary, fwd, requestTime, version, stale,
                completion == null ? OriginFetch.DISCARD : completion, holdsSuccess);
        CapturingResponse capture = new CapturingResponse(response, settings.maxEntryBytes(), fetch);
        try {
            chain.doFilter(completion == null ? request : originRequest(request), capture);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            fetch.fail();
            if (serveStaleOnError(stale, request, response)) {
                return;
            }
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new CompleteWhenDone(fetch, capture));
            return;
        }
        capture.commitIfUnseen();
        fetch.complete(capture);
        if (capture.diverted()) {
            response.reset();
            serveStaleOnError(stale, request, response);
        }
    }

    private boolean serveStaleOnError(CachedResponse stale, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long now = clock.millis();
        if (stale == null || !stale.usableOnErrorAt(now) || response.isCommitted()) {
            return false;
        }
        response.reset();
        statusHeaders.stale(response, TieredStore.Source.TIER1, (stale.expiresAt() - now) / 1000, "stale-if-error");
        HitWriter.write(stale, response, now, false, !request.getMethod().equals("HEAD"));
        counters.staleServed.increment();
        return true;
    }

    private static HttpServletRequest originRequest(HttpServletRequest request) {
        return ValidatorStrippingRequest.needed(request) ? new ValidatorStrippingRequest(request) : request;
    }

    /** Whether a stored response was stored for this request's values of the fields it varies on. */
    private static boolean matches(CachedResponse entry, HttpServletRequest request) {
        if (entry.varyNames().length == 0) {
            return true;
        }
        return Arrays.equals(entry.varyValues(),
                KeyBuilder.normalisedValues(entry.varyNames(), name -> joinedHeader(request, name)));
    }

    /** Stores an asynchronous response once the container says it is complete. */
    private record CompleteWhenDone(OriginFetch fetch, CapturingResponse capture) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            fetch.complete(capture);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            fetch.fail();
        }

        @Override
        public void onError(AsyncEvent event) {
            fetch.fail();
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
        if (request.getHeader(name) == null) {
            // most asked-for fields are absent (the keyed X-Forwarded-* family): containers answer
            // getHeader without allocating, getHeaders with a new enumeration
            return null;
        }
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

    /**
     * Makes every stored entry unreachable on every node (namespace version bump).
     *
     * @return the new version
     */
    public long invalidateAll() throws dev.strata.internal.coordination.CoordinationException {
        return versions.bump();
    }

    /** The coordinator in use: cp, lease or local. */
    public String coordinatorName() {
        return coalescer.coordinatorName();
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
        coalescer.close();
        versions.close();
    }
}
