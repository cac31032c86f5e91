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
import dev.strata.internal.http.CacheControl;
import dev.strata.internal.http.Conditional;
import dev.strata.internal.http.InvalidationTargets;
import dev.strata.internal.http.RequestDirectives;
import dev.strata.internal.http.RequestPolicy;
import dev.strata.internal.http.ServePolicy;
import dev.strata.internal.http.StorePolicy;
import dev.strata.internal.key.CacheKey;
import dev.strata.internal.key.KeyBuilder;
import dev.strata.internal.key.QueryKey;
import dev.strata.internal.key.RequestKeys;
import dev.strata.internal.purge.PurgeRecords;
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
    // issue 6 (purge, interceptors, observability): delegates only, the logic lives in their classes
    private final Interceptors interceptors;
    private final Events events;
    private final PurgeRecords purges;
    private final TagHeaders tagHeaders;
    // --- issue 4: HTTP semantics ---
    private final ForcedRefreshLimiter refreshLimiter;
    private final InvalidationLog invalidations = new InvalidationLog();

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
        this(settings, clock, tier1, tier2, coordinator, versions, new Interceptors(java.util.List.of()),
                new PurgeRecords(settings.purgeRecordTtl().toMillis()));
    }

    /**
     * @param interceptors the interceptors, built-ins included
     * @param purges this node's purge records, checked on every read
     */
    public CacheEngine(Settings settings, Clock clock, Tier1 tier1, Tier2 tier2, WriteCoordinator coordinator,
            NamespaceVersion versions, Interceptors interceptors, PurgeRecords purges) {
        this.interceptors = interceptors;
        this.events = new Events(interceptors, counters);
        this.purges = purges;
        this.tagHeaders = new TagHeaders(settings.tagHeaders(), settings.stripTagHeaders());
        this.settings = settings;
        this.clock = clock;
        this.requestPolicy = new RequestPolicy(settings.paths(), settings.storeAuthorized());
        this.storePolicy = new StorePolicy(settings.cacheableStatuses(), settings.storeAuthorized());
        this.allowedHosts = new AllowedHosts(settings.allowedHosts());
        this.keys = new RequestKeys(settings.keyedHeaders(),
                new QueryKey(settings.ignoredQueryParams(), settings.sortQueryParams()));
        this.statusHeaders = new StatusHeaders(settings.statusHeaders(), settings.debugHeaders());
        this.store = new TieredStore(tier1, tier2, new WriteBehind(settings.writeQueueCapacity(), 2), counters,
                settings.tier1MaxTtl().toMillis(), coordinator.fenced() ? settings.minWriteInterval().toMillis() : 0,
                purges, events, settings.staleRetention().toMillis(), settings.maxVariantsPerUrl(), invalidations);
        this.refreshLimiter = new ForcedRefreshLimiter(settings.forcedRefreshInterval().toMillis());
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
            events.bypass(request, decision.fwd());
            forward(request, response, chain, "BYPASS", decision.fwd(), null);
            return;
        }
        long version = versions.current();
        CacheKey primary = interceptors.customiseKey(request, keys.primary(version, request.getScheme(),
                request.getServerName(), request.getServerPort(), request.getRequestURI(), request.getQueryString(),
                name -> joinedHeader(request, name)));
        String fwd = decision.fwd();
        CachedResponse stale = null;
        boolean holdsSuccess = false;
        // --- issue 4: request directives (RFC 9111 §5.2.1), serve policy, validation ---
        RequestDirectives directives = RequestDirectives.parse(joinedHeader(request, "Cache-Control"),
                joinedHeader(request, "Pragma"));
        boolean head = request.getMethod().equals("HEAD");
        boolean forcedRefresh = false;
        // The key this request's fetch is coalesced and claimed under: its variant once the URL's
        // variant index names one, so that variants of one URL do not queue behind each other.
        CacheKey flightKey = primary;
        if (decision.lookup()) {
            TieredStore.Lookup lookup = lookup(primary, request, now);
            if (lookup.storeKey() != null) {
                flightKey = lookup.storeKey();
            }
            holdsSuccess = holdsSuccess(lookup);
            CachedResponse found = lookup.response();
            if (found == null || invalidations.invalidated(primary.storage(), found.storedAt())) {
                fwd = found == null ? lookup.missReason() : "uri-miss";
            } else {
                ServePolicy.Decision use = usable(lookup, directives, now);
                boolean staleAllowed = !directives.noCache() && !directives.noStore();
                if (use.action() == ServePolicy.Action.SERVE) {
                    if (serve(found, lookup.source(), null, request, response, now)) {
                        return;
                    }
                    fwd = "miss";
                } else if (!found.freshAt(now) && staleAllowed && found.revalidatableAt(now) && decision.store()) {
                    if (serveStaleAndRefresh(found, lookup.source(), primary, flightKey, request, response, chain, now,
                            version, !directives.onlyIfCached())) {
                        return;
                    }
                    fwd = "stale";
                    stale = found;
                } else if (use.action() == ServePolicy.Action.VALIDATE && !head && decision.store()
                        && !directives.onlyIfCached()) {
                    counters.misses.increment();
                    events.miss(request, primary.full(), use.fwd());
                    validate(request, response, chain, primary, lookup.storeKey(), found, use, now, version,
                            holdsSuccess);
                    return;
                } else {
                    fwd = use.fwd();
                    stale = found.freshAt(now) ? null : found;
                    forcedRefresh = use.clientForced();
                }
            }
        }
        if (directives.onlyIfCached()) {
            gatewayTimeout(response, primary, now);
            return;
        }
        // --- end issue 4 ---
        counters.misses.increment();
        events.miss(request, primary.full(), fwd);
        if (!decision.store() || head || coalescer.knownUncacheable(primary, now)) {
            origin(request, response, chain, primary, fwd, now, version, head ? null : stale, null, holdsSuccess);
            return;
        }
        LocalFlights.Flight flight = coalescer.join(flightKey);
        if (!flight.leader()) {
            // a fetch that began before a purge this request came after is purged for it too
            CachedResponse collapsed = purges.admit(coalescer.follow(flight), clock.millis());
            if (collapsed != null && matches(collapsed, request) && collapsed.freshAt(clock.millis())
                    && collapsed.storedAt() >= minStoredAt(forcedRefresh, now)
                    && serve(collapsed, TieredStore.Source.TIER1, fwd, request, response, clock.millis())) {
                counters.coalesced.increment();
                events.coalesced(request, TieredStore.Source.TIER1, primary.full());
                return;
            }
            origin(request, response, chain, primary, fwd, now, version, stale, null, holdsSuccess);
            return;
        }
        lead(flight, request, response, chain, primary, flightKey, fwd, now, version, stale, holdsSuccess,
                minStoredAt(forcedRefresh, now));
    }

    /** Whether and how a stored response may answer, with client-forced refreshes limited per key. */
    private ServePolicy.Decision usable(TieredStore.Lookup lookup, RequestDirectives directives, long now) {
        CachedResponse entry = lookup.response();
        CacheControl cc = entry.directives();
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
        statusHeaders.onlyIfCached(response, primary);
        response.setContentLength(0);
    }

    /**
     * Passes a request whose response is not stored to the chain: the response is labelled when it
     * commits, fields aimed at Strata are withheld, and a non-error answer to an unsafe method
     * invalidates what the cache holds for the URL (RFC 9111 §4.4).
     *
     * @param primary the URL's key, or {@code null} when the cache was bypassed
     */
    private void forward(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String xCache,
            String fwd, CacheKey primary) throws IOException, ServletException {
        boolean unsafe = InvalidationTargets.unsafe(request.getMethod());
        CapturingResponse label = new CapturingResponse(response, 0, (status, headers, length) -> {
            ResponseFields.normalise(response, clock.millis());
            statusHeaders.forward(response, xCache, fwd, status, false, primary);
            if (unsafe && InvalidationTargets.triggers(status)) {
                invalidate(request, headers.first("Location"), headers.first("Content-Location"));
            }
            return dev.strata.internal.capture.CommitListener.Decision.PASS;
        });
        CompletionHookRequest hooked = new CompletionHookRequest(request, label::commitIfUnseen);
        chain.doFilter(hooked, new WithholdingResponse(label));
        if (!request.isAsyncStarted()) {
            hooked.runHook();
        }
    }

    /**
     * Invalidates the target URI and same-origin Location / Content-Location in both tiers. Their keys
     * are built with this request's keyed fields, as a later GET from the same client would be.
     */
    private void invalidate(HttpServletRequest request, String location, String contentLocation) {
        try {
            long now = clock.millis();
            long version = versions.current();
            for (InvalidationTargets.Target t : InvalidationTargets.of(request.getScheme(), request.getServerName(),
                    request.getServerPort(), request.getRequestURI(), request.getQueryString(), location,
                    contentLocation)) {
                CacheKey key = interceptors.customiseKey(request, keys.primary(version, request.getScheme(),
                        request.getServerName(), request.getServerPort(), t.rawPath(), t.rawQuery(),
                        name -> joinedHeader(request, name)));
                invalidations.record(key.storage(), now);
                store.invalidate(key);
            }
        } catch (RuntimeException e) {
            failures.warn("Strata invalidation failed", e);
        }
    }

    /**
     * Validates a stored response with the origin, coalesced: one conditional request per key on
     * each node, whose refreshed or replaced response the node's other requests are handed. The
     * node that claims the key stores it (fenced); a node that finds the key claimed by another
     * takes that node's response when tier 2 has it, else validates for its own requests and stores
     * nothing ({@link Coalescer#validationTurn}).
     */
    private void validate(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheKey primary, CacheKey storeKey, CachedResponse found, ServePolicy.Decision use, long now,
            long version, boolean holdsSuccess) throws IOException, ServletException {
        long minStoredAt = minStoredAt(use.clientForced(), now);
        LocalFlights.Flight flight = coalescer.join(storeKey);
        if (!flight.leader()) {
            CachedResponse collapsed = purges.admit(coalescer.follow(flight), clock.millis());
            if (collapsed != null && matches(collapsed, request) && collapsed.freshAt(clock.millis())
                    && collapsed.storedAt() >= minStoredAt
                    && serve(collapsed, TieredStore.Source.TIER1, use.fwd(), request, response, clock.millis())) {
                counters.coalesced.increment();
                events.coalesced(request, TieredStore.Source.TIER1, primary.full());
                return;
            }
            new Revalidation(this, request, response, primary, storeKey, found, use.fwd(), now, version,
                    holdsSuccess, directCompletion(primary, now)).run(chain);
            return;
        }
        Coalescer.Turn turn;
        try {
            turn = coalescer.validationTurn(primary, storeKey, name -> joinedHeader(request, name), clock.millis(),
                    Math.max(minStoredAt, found.storedAt() + 1));
        } catch (RuntimeException e) {
            failures.warn("Strata coalescing failed, going to the origin", e);
            turn = Coalescer.Turn.FAILED;
        }
        OriginFetch.Completion completion = switch (turn.kind()) {
            case CLAIMED -> coalescer.leaderCompletion(flight, turn.claim(), primary, now);
            case LOCAL -> coalescer.localCompletion(flight, now);
            case UNCACHEABLE -> {
                coalescer.markUncacheable(primary, now);
                flight.finish(null);
                yield directCompletion(primary, now);
            }
            case FOUND -> null;
            default -> coalescer.unclaimedCompletion(flight);
        };
        if (completion == null) {
            flight.finish(turn.found());
            store.promoteFound(turn.found(), clock.millis());
            if (matches(turn.found(), request)
                    && serve(turn.found(), TieredStore.Source.TIER2, use.fwd(), request, response, clock.millis())) {
                counters.coalesced.increment();
                events.coalesced(request, TieredStore.Source.TIER2, primary.full());
                return;
            }
            completion = directCompletion(primary, now);
        }
        new Revalidation(this, request, response, primary, storeKey, found, use.fwd(), now, version, holdsSuccess,
                completion).run(chain);
    }

    /** Where a stored response goes when no coalescing flight is involved (validation). */
    OriginFetch.Completion directCompletion(CacheKey primary, long now) {
        return new OriginFetch.Completion() {
            @Override
            public void stored(CacheKey storeKey, CachedResponse entry) {
                store.store(primary, storeKey, entry, now);
            }

            @Override
            public void notStored(boolean uncacheable) {
                // nothing to do
            }
        };
    }
    // --- end issue 4 ---

    /**
     * A forced refresh only takes a response received after it began (strictly: one received in the
     * same millisecond may have been stored before it); a miss takes any fresh one.
     */
    private static long minStoredAt(boolean forcedRefresh, long now) {
        return forcedRefresh ? now + 1 : 0;
    }

    private void lead(LocalFlights.Flight flight, HttpServletRequest request, HttpServletResponse response,
            FilterChain chain, CacheKey primary, CacheKey flightKey, String fwd, long now, long version,
            CachedResponse stale, boolean holdsSuccess, long minStoredAt) throws IOException, ServletException {
        Coalescer.Turn turn;
        try {
            turn = coalescer.takeTurn(primary, flightKey, name -> joinedHeader(request, name), clock::millis,
                    minStoredAt);
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
                    events.coalesced(request, TieredStore.Source.TIER2, primary.full());
                } else {
                    origin(request, response, chain, primary, fwd, now, version, stale, null, holdsSuccess);
                }
            }
            case UNCACHEABLE -> {
                coalescer.markUncacheable(primary, now);
                flight.finish(null);
                origin(request, response, chain, primary, fwd, now, version, stale, null, holdsSuccess);
            }
            case LOCAL -> origin(request, response, chain, primary, fwd, now, version, stale,
                    coalescer.localCompletion(flight, now), holdsSuccess);
            default -> origin(request, response, chain, primary, fwd, now, version, stale,
                    coalescer.unclaimedCompletion(flight), holdsSuccess);
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
        // issue 4: every field line counts (a client may send Cache-Control twice)
        RequestPolicy.Decision decision = requestPolicy.decide(request.getMethod(), path, request.getQueryString(),
                name -> joinedHeader(request, name), hasPerUserCookie(request));
        return decision.bypass() || !interceptors.bypass(request) ? decision : RequestPolicy.Decision.BYPASS;
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
                    request.getHeader("If-Modified-Since"), entry.etag(), entry.lastModified(),
                    entry.headers().first("Date"));
            if (collapsedFwd == null) {
                statusHeaders.hit(response, source, Math.floorDiv(entry.expiresAt() - now, 1000), entry.key());
                (source == TieredStore.Source.TIER1 ? counters.tier1Hits : counters.tier2Hits).increment();
                events.hit(request, source, entry.key());
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
     * its own thread with a response no client sees. A request with {@code only-if-cached} is
     * answered but starts no refresh: it asked that the origin not be contacted for it.
     */
    private boolean serveStaleAndRefresh(CachedResponse entry, TieredStore.Source source, CacheKey primary,
            CacheKey flightKey, HttpServletRequest request, HttpServletResponse response, FilterChain chain, long now,
            long version, boolean refresh) throws IOException {
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
        events.stale(request, source, entry.key(), "stale-while-revalidate");
        if (refresh && request.getMethod().equals("GET")) {
            refreshInBackground(request, response, chain, primary, flightKey, now, version);
        }
        return true;
    }

    private void refreshInBackground(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
            CacheKey primary, CacheKey flightKey, long now, long version) {
        LocalFlights.Flight flight = coalescer.join(flightKey);
        if (!flight.leader()) {
            return;
        }
        Claim claim = coalescer.tryClaim(primary, flightKey, name -> joinedHeader(request, name), clock.millis());
        if (claim == null) {
            flight.finish(null);
            return;
        }
        OriginFetch fetch = new OriginFetch(this, request, null, primary, "stale", now, version, null,
                coalescer.leaderCompletion(flight, claim, primary, now), true);
        DetachedResponse detached = new DetachedResponse(response, settings.maxEntryBytes(), fetch);
        // an asynchronous refresh (a proxy servlet) is finished when it completes, not when the chain returns
        Runnable complete = () -> {
            detached.finish();
            fetch.complete(detached);
        };
        CompletionHookRequest hooked = new CompletionHookRequest(originRequest(request), complete);
        try {
            chain.doFilter(hooked, detached);
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new CompleteWhenDone(fetch, complete));
                return;
            }
            hooked.runHook();
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
            forward(request, response, chain, "MISS", fwd, primary);
            return;
        }
        OriginFetch fetch = new OriginFetch(this, request, response, primary, fwd, requestTime, version, stale,
                completion == null ? OriginFetch.DISCARD : completion, holdsSuccess);
        CapturingResponse capture = new CapturingResponse(response, settings.maxEntryBytes(), fetch);
        // issue 4: withhold Strata-targeted fields; commit and store before an async response completes
        WithholdingResponse withholding = new WithholdingResponse(capture);
        fetch.withholding(withholding);
        CompletionHookRequest hooked = new CompletionHookRequest(completion == null ? request
                : originRequest(request), () -> {
                    capture.commitIfUnseen();
                    fetch.complete(capture);
                    if (capture.diverted() && request.isAsyncStarted()) {
                        answerStaleOnError(stale, request, response);
                    }
                });
        try {
            chain.doFilter(hooked, withholding);
        } catch (IOException | ServletException | RuntimeException | Error e) {
            fetch.fail();
            if (serveStaleOnError(stale, request, response)) {
                return;
            }
            throw e;
        }
        if (request.isAsyncStarted()) {
            request.getAsyncContext().addListener(new CompleteWhenDone(fetch, () -> fetch.complete(capture)));
            return;
        }
        capture.commitIfUnseen();
        fetch.complete(capture);
        if (capture.diverted()) {
            response.reset();
            serveStaleOnError(stale, request, response);
        }
    }

    /**
     * The stale-if-error answer to an asynchronous response the origin failed, written just before
     * it completes; an error writing it only loses this one answer.
     */
    void answerStaleOnError(CachedResponse stale, HttpServletRequest request, HttpServletResponse response) {
        try {
            response.reset();
            serveStaleOnError(stale, request, response);
        } catch (IOException | RuntimeException e) {
            failures.warn("Strata could not answer with the stale response", e);
        }
    }

    boolean serveStaleOnError(CachedResponse stale, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long now = clock.millis();
        if (stale == null || !stale.usableOnErrorAt(now) || response.isCommitted()) {
            return false;
        }
        response.reset();
        statusHeaders.stale(response, TieredStore.Source.TIER1, (stale.expiresAt() - now) / 1000, "stale-if-error");
        HitWriter.write(stale, response, now, false, !request.getMethod().equals("HEAD"));
        counters.staleServed.increment();
        events.stale(request, TieredStore.Source.TIER1, stale.key(), "stale-if-error");
        return true;
    }

    static HttpServletRequest originRequest(HttpServletRequest request) {
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

    /**
     * Finishes an asynchronous fetch once the container says it is complete (a backstop: the
     * completion hook normally finishes it first, and a fetch finishes once).
     *
     * @param complete hands the captured response on
     */
    record CompleteWhenDone(OriginFetch fetch, Runnable complete) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            complete.run();
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
        return counters.snapshot(store.tier2Circuit(), store.tier1Entries(), store.tier1Bytes(), store.tier2Entries(),
                store.tier2Bytes());
    }

    /** Counts a purge made through this node and tells the interceptors. */
    public void purged(String kind, boolean soft) {
        events.purge(kind, soft);
    }

    /**
     * The response the application writes to: tag fields ({@code tagHeaders}) it sets are held
     * back from the client when {@code stripTagHeaders} is on.
     */
    public HttpServletResponse responseFor(HttpServletResponse response) {
        return tagHeaders.wrap(response);
    }

    /** The purge sequence a fetch starting now is stamped with. */
    long purgeStamp() {
        return purges.stamp();
    }

    TagHeaders tagHeaders() {
        return tagHeaders;
    }

    Interceptors interceptors() {
        return interceptors;
    }

    Events events() {
        return events;
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

    Counters counters() {
        return counters;
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
