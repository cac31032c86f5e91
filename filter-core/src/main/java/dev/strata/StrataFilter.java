package dev.strata;

import dev.strata.internal.CacheEngine;
import dev.strata.internal.Interceptors;
import dev.strata.internal.Settings;
import dev.strata.internal.admin.AdminEndpoint;
import dev.strata.internal.admin.StatsDocument;
import dev.strata.internal.jmx.Jmx;
import dev.strata.internal.key.QueryKey;
import dev.strata.internal.metrics.Metrics;
import dev.strata.internal.observe.TierDecisionLog;
import dev.strata.internal.purge.PurgeIds;
import dev.strata.internal.purge.PurgeRecords;
import dev.strata.internal.purge.Purges;
import dev.strata.spi.CacheInterceptor;
import dev.strata.internal.coordination.Coordination;
import dev.strata.internal.coordination.CoordinationException;
import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.internal.tier.HazelcastConnector;
import dev.strata.internal.tier.LazyMap;
import dev.strata.internal.tier.MemberHealth;
import dev.strata.internal.tier.Tier1;
import dev.strata.internal.tier.Tier2;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Strata's tiered HTTP response cache as a servlet filter: a per-node JCache (tier 1), then a
 * Hazelcast cluster map (tier 2), then the rest of the filter chain (the origin).
 *
 * <p>Register it like any filter ({@code web.xml}, {@code @WebFilter} on a subclass, or
 * {@code ServletContext.addFilter}) on the URL patterns to cache, and configure it with the
 * init-params listed in {@link InitParam}. Every response through it gets {@code Cache-Status}
 * (RFC 9211) and {@code X-Cache: HIT | KV | MISS | BYPASS}. Any cache failure falls back to the
 * origin's answer: the cache never turns a working response into an error.
 *
 * <p>After {@code init}, the filter is also available to the application as the servlet context
 * attribute {@code dev.strata.StrataFilter:<filter-name>}, e.g. to read {@link #stats()} or to
 * purge: {@link #purgeUrl}, {@link #purgeTags}, {@link #purgeAll}. With the {@code adminPath}
 * init-param the same operations are offered over HTTP, behind a bearer token.
 *
 * <p><b>Purges</b> reach every node of the cluster: each node applies a purge before the call
 * returns (see {@link PurgeResult#complete()}), and from then on no node serves the purged
 * content from either tier. A <em>hard</em> purge removes the content: the next request goes to
 * the origin. A <em>soft</em> purge marks it stale as of the purge: it is served only within its
 * own {@code stale-while-revalidate} window (counted from the purge) while one refresh runs,
 * or within {@code stale-if-error} when the origin fails; without such windows a soft purge acts
 * like a hard one. A fetch that was running when the purge came is purged too.
 */
public class StrataFilter implements Filter {
    /** Prefix of the servlet context attribute under which an initialised filter is published. */
    public static final String CONTEXT_ATTRIBUTE_PREFIX = "dev.strata.StrataFilter:";
    private static final Logger LOG = System.getLogger("dev.strata");

    private final Clock clock;
    private volatile CacheEngine engine;
    private HazelcastConnector.Connection hazelcast;
    private Purges purges;
    private QueryKey queryKey;
    private AdminEndpoint admin;
    private Jmx jmx;
    private CacheInterceptor metrics;

    /** A filter on the system clock, as containers create it. */
    public StrataFilter() {
        this(Clock.systemUTC());
    }

    /**
     * A filter on a given clock, for programmatic registration and tests.
     *
     * @param clock the time source for freshness and age
     */
    public StrataFilter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Parses the init-params and starts the tiers.
     *
     * @throws ServletException naming the init-param when one is unknown or malformed, or when a
     *     named Hazelcast instance or config file does not exist
     */
    @Override
    public final void init(FilterConfig config) throws ServletException {
        Map<String, String> params = new HashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            params.put(name, config.getInitParameter(name));
        }
        Settings settings;
        try {
            settings = Settings.parse(params);
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        Tier1 tier1 = startTier1(settings);
        Tier2 tier2 = startTier2(settings);
        Coordination coordination;
        try {
            coordination = tier2 == null ? Coordination.local()
                    : Coordination.choose(settings.coordinator(), hazelcast.instance(), settings.tier2Map(),
                            settings.writeLease(), settings.hitForMissTtl(), coordinatorTimeout(settings),
                            settings.minWriteInterval(), settings.versionCacheTtl(), settings.cpLockStripes(), clock,
                            tier2.breaker(), tier2.members());
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid Strata init-param '" + InitParam.COORDINATOR.paramName() + "': "
                    + e.getMessage(), e);
        }
        String name = config.getFilterName();
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : StrataFilter.class.getClassLoader();
        PurgeRecords records = new PurgeRecords(settings.purgeRecordTtl().toMillis());
        Interceptors interceptors;
        try {
            List<CacheInterceptor> builtIns = new ArrayList<>();
            builtIns.add(new TierDecisionLog(name));
            metrics = Metrics.create(settings.metrics(), name, this::statsOrNull, loader);
            if (metrics != null) {
                builtIns.add(metrics);
            }
            interceptors = Interceptors.load(settings, loader, builtIns);
        } catch (IllegalArgumentException e) {
            throw new ServletException(e.getMessage(), e);
        }
        CacheEngine started = new CacheEngine(settings, clock, tier1, tier2, coordination.coordinator(),
                coordination.versions(), interceptors, records);
        engine = started;
        long retention = settings.purgeRecordTtl().toMillis();
        purges = tier2 == null
                ? Purges.local(records, coordination.versions(), clock, retention, this::statsMap)
                : Purges.cluster(hazelcast.instance(), settings.tier2Map(), name, records, coordination.versions(),
                        coordinatorTimeout(settings), settings.versionCacheTtl(), retention, clock, this::statsMap);
        queryKey = new QueryKey(settings.ignoredQueryParams(), settings.sortQueryParams());
        if (!settings.adminPath().isEmpty()) {
            admin = new AdminEndpoint(settings.adminPath(), settings.adminToken(), new Admin());
            if (settings.adminToken().length() < 16) {
                LOG.log(Level.WARNING, "Strata admin token of filter ''{0}'' is shorter than 16 characters:"
                        + " use a long random one", name);
            }
        }
        if (settings.jmx()) {
            jmx = Jmx.register(name, this::statsOrNull);
        }
        config.getServletContext().setAttribute(CONTEXT_ATTRIBUTE_PREFIX + config.getFilterName(), this);
        LOG.log(Level.INFO, "Strata filter ''{0}'' started: tier 1 {1}, tier 2 {2}, coordinator {3}, admin {4},"
                + " interceptors {5}", config.getFilterName(),
                tier1 == null ? "off" : settings.tier1MaxBytes() + " bytes",
                tier2 == null ? "off" : "map " + settings.tier2Map() + (hazelcast.client() ? " (client)" : ""),
                started.coordinatorName(), admin == null ? "off" : "at " + settings.adminPath(), interceptors.size());
    }

    /**
     * Coordinator calls sit on the miss path, which pays the origin's latency anyway, and a lost
     * claim costs an extra origin fetch: they get ten tier-2 timeouts, within the coalesce timeout.
     * A dead cluster still costs nothing once the tier-2 circuit is open.
     */
    private static java.time.Duration coordinatorTimeout(Settings settings) {
        java.time.Duration tenfold = settings.tier2Timeout().multipliedBy(10);
        return tenfold.compareTo(settings.coalesceTimeout()) < 0 ? tenfold : settings.coalesceTimeout();
    }

    private Tier1 startTier1(Settings settings) {
        if (!settings.tier1Enabled()) {
            return null;
        }
        try {
            return new Tier1(settings.tier1MaxBytes(), settings.tier1HeapEntries(), clock);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Strata tier 1 could not start, running without it", e);
            return null;
        }
    }

    private Tier2 startTier2(Settings settings) throws ServletException {
        if (!settings.tier2Enabled()) {
            return null;
        }
        InitParam source = !settings.hazelcastClientConfig().isEmpty() ? InitParam.HAZELCAST_CLIENT_CONFIG
                : !settings.hazelcastInstance().isEmpty() ? InitParam.HAZELCAST_INSTANCE : InitParam.HAZELCAST_CONFIG;
        try {
            hazelcast = switch (source) {
                case HAZELCAST_CLIENT_CONFIG -> HazelcastConnector.startClient(settings.hazelcastClientConfig());
                case HAZELCAST_INSTANCE -> HazelcastConnector.existing(settings.hazelcastInstance(),
                        settings.tier2Map(), settings.tier2MaxSizeMb());
                default -> HazelcastConnector.start(settings.hazelcastConfig(), settings.tier2Map(),
                        settings.tier2MaxSizeMb());
            };
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid Strata init-param '" + source.paramName() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Strata tier 2 could not start, running without it", e);
            return null;
        }
        CircuitBreaker breaker = new CircuitBreaker(settings.circuitFailureThreshold(),
                settings.circuitOpenDuration(), clock);
        LazyMap<String, byte[]> map = new LazyMap<>(hazelcast.instance(), settings.tier2Map());
        if (!hazelcast.client()) {
            try {
                // The first call on a fresh member sets up the map's partitions (100+ ms): pay it here,
                // not in the first request's tier-2 timeout. (A client connects in the background:
                // its first calls fail open at once until it is connected.)
                map.get().get("strata:warm-up");
            } catch (RuntimeException e) {
                LOG.log(Level.DEBUG, "tier-2 warm-up failed", e);
            }
        }
        // a member that lets circuitFailureThreshold calls in a row time out is skipped for as long as an
        // open circuit skips the cluster
        MemberHealth members = new MemberHealth(hazelcast.instance(), settings.circuitFailureThreshold(),
                settings.circuitOpenDuration(), clock);
        return new Tier2(map, settings.tier2Timeout(), breaker, members);
    }

    /** Serves from cache, or passes to the chain and stores what may be stored. */
    @Override
    public final void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        CacheEngine current = engine;
        if (current == null || !(request instanceof HttpServletRequest req)
                || !(response instanceof HttpServletResponse res)) {
            chain.doFilter(request, response);
            return;
        }
        AdminEndpoint endpoint = admin;
        if (endpoint != null && endpoint.handles(req)) {
            endpoint.serve(req, res);
            return;
        }
        current.handle(req, current.responseFor(res), chain);
    }

    /** Stops background writers, tier 1, and the Hazelcast member or client if this filter started it. */
    @Override
    public final void destroy() {
        CacheEngine current = engine;
        engine = null;
        admin = null;
        if (purges != null) {
            purges.close();
        }
        if (jmx != null) {
            jmx.close();
        }
        if (metrics instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                LOG.log(Level.DEBUG, "Strata metrics removal failed", e);
            }
        }
        if (current != null) {
            current.close();
        }
        if (hazelcast != null && hazelcast.owned()) {
            hazelcast.instance().shutdown();
        }
    }

    /**
     * Makes every stored response unreachable on every node at once, by bumping the namespace
     * version that is part of every key: {@code purgeAll(false).namespaceVersion()}. Old copies
     * are not deleted; they age out.
     *
     * @return the new namespace version
     * @throws IllegalStateException before {@code init}, after {@code destroy}, or when the cluster
     *     cannot be reached
     */
    public final long invalidateAll() {
        return purgeAll(false).namespaceVersion();
    }

    /**
     * Purges one URL, every variant of it ({@code Vary}, keyed request fields, interceptor key
     * components), on every node.
     *
     * @param url an absolute {@code http}/{@code https} URL (that scheme, host and port only), or a
     *     path starting with {@code /} (on every host); the path as clients send it, context path
     *     included, with the query if any (reduced as the key reduces it: {@code ignoredQueryParams},
     *     {@code sortQueryParams})
     * @param soft mark stale instead of removing (see the class comment)
     * @throws IllegalArgumentException when {@code url} is neither
     * @throws IllegalStateException before {@code init}, after {@code destroy}, or when the cluster
     *     cannot record the purge
     */
    public final PurgeResult purgeUrl(String url, boolean soft) {
        return purgeUrls(List.of(url), soft);
    }

    private PurgeResult purgeUrls(List<String> urls, boolean soft) {
        running();
        List<String> ids = new ArrayList<>();
        for (String url : urls) {
            ids.add(PurgeIds.ofUrl(url, queryKey::keyed));
        }
        return purge("url", urls, ids, soft);
    }

    /**
     * Purges every response tagged with any of {@code tags} (by {@code Surrogate-Key},
     * {@code Cache-Tag} or an interceptor), on every node.
     *
     * @param tags one or more tags: 1 to 1024 visible ASCII characters each, no comma
     * @param soft mark stale instead of removing (see the class comment)
     * @throws IllegalArgumentException on no tags or a malformed one
     * @throws IllegalStateException before {@code init}, after {@code destroy}, or when the cluster
     *     cannot record the purge
     */
    public final PurgeResult purgeTags(Collection<String> tags, boolean soft) {
        running();
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("no tags to purge");
        }
        List<String> ids = new ArrayList<>();
        for (String tag : new LinkedHashSet<>(tags)) {
            if (!PurgeIds.validTag(tag)) {
                throw new IllegalArgumentException("not a valid tag (1 to 1024 visible ASCII characters, no comma)");
            }
            ids.add(PurgeIds.tag(tag));
        }
        return purge("tags", List.copyOf(new LinkedHashSet<>(tags)), ids, soft);
    }

    /**
     * Purges everything on every node. Hard: bumps the namespace version, so every stored key is
     * unreachable ({@link PurgeResult#namespaceVersion()}). Soft: marks everything stale.
     *
     * @throws IllegalStateException before {@code init}, after {@code destroy}, or when the cluster
     *     cannot be reached
     */
    public final PurgeResult purgeAll(boolean soft) {
        CacheEngine current = running();
        Purges.Outcome o;
        try {
            o = soft ? purges.purge(List.of(PurgeIds.ALL), true) : purges.purgeAllHard();
        } catch (CoordinationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        current.purged("all", soft);
        return new PurgeResult("all", List.of(), soft, o.sequence(), o.namespaceVersion(), o.acknowledged(),
                o.members());
    }

    private PurgeResult purge(String scope, List<String> targets, List<String> ids, boolean soft) {
        CacheEngine current = running();
        Purges.Outcome o;
        try {
            o = purges.purge(ids, soft);
        } catch (CoordinationException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        current.purged(scope, soft);
        return new PurgeResult(scope, targets, soft, o.sequence(), o.namespaceVersion(), o.acknowledged(), o.members());
    }

    private CacheEngine running() {
        CacheEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("Strata filter is not running");
        }
        return current;
    }

    private CacheStats statsOrNull() {
        CacheEngine current = engine;
        return current == null ? null : current.stats();
    }

    private Map<String, Object> statsMap() {
        CacheStats s = statsOrNull();
        return s == null ? Map.of() : StatsDocument.of(s);
    }

    /** The admin endpoint's operations: the public API, plus the URL of a {@code PURGE} request. */
    private final class Admin implements AdminEndpoint.Actions {
        @Override
        public PurgeResult purgeRequestUrl(HttpServletRequest request, boolean soft) {
            running();
            String id = PurgeIds.url(request.getScheme(), request.getServerName(), request.getServerPort(),
                    request.getRequestURI(), queryKey.keyed(request.getQueryString()));
            String shown = request.getRequestURI() + (request.getQueryString() == null ? ""
                    : "?" + request.getQueryString());
            return purge("url", List.of(shown), List.of(id), soft);
        }

        @Override
        public PurgeResult purgeUrls(List<String> urls, boolean soft) {
            return StrataFilter.this.purgeUrls(urls, soft);
        }

        @Override
        public PurgeResult purgeTags(List<String> tags, boolean soft) {
            return StrataFilter.this.purgeTags(tags, soft);
        }

        @Override
        public PurgeResult purgeAll(boolean soft) {
            return StrataFilter.this.purgeAll(soft);
        }

        @Override
        public Map<String, Object> stats() {
            List<Map.Entry<String, Map<String, Object>>> nodes = new ArrayList<>();
            for (Purges.NodeStats n : purges.clusterStats()) {
                nodes.add(new AbstractMap.SimpleEntry<>(n.node(), n.stats()));
            }
            return StatsDocument.of(nodes);
        }
    }

    /**
     * The write coordinator in use: {@code cp}, {@code lease} or {@code local}.
     *
     * @throws IllegalStateException before {@code init} or after {@code destroy}
     */
    public final String coordinator() {
        CacheEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("Strata filter is not running");
        }
        return current.coordinatorName();
    }

    /**
     * This node's counters for this filter.
     *
     * @throws IllegalStateException before {@code init} or after {@code destroy}
     */
    public final CacheStats stats() {
        CacheEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("Strata filter is not running");
        }
        return current.stats();
    }
}
