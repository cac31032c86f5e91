package dev.strata;

import dev.strata.internal.CacheEngine;
import dev.strata.internal.Settings;
import dev.strata.internal.coordination.Coordination;
import dev.strata.internal.coordination.CoordinationException;
import com.hazelcast.map.IMap;
import dev.strata.internal.tier.CircuitBreaker;
import dev.strata.internal.tier.HazelcastConnector;
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
import java.util.Collections;
import java.util.HashMap;
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
 * attribute {@code dev.strata.StrataFilter:<filter-name>}, e.g. to read {@link #stats()}.
 */
public class StrataFilter implements Filter {
    /** Prefix of the servlet context attribute under which an initialised filter is published. */
    public static final String CONTEXT_ATTRIBUTE_PREFIX = "dev.strata.StrataFilter:";
    private static final Logger LOG = System.getLogger("dev.strata");

    private final Clock clock;
    private volatile CacheEngine engine;
    private HazelcastConnector.Connection hazelcast;

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
                            settings.minWriteInterval(), settings.versionCacheTtl(), settings.cpLockStripes(), clock);
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid Strata init-param '" + InitParam.COORDINATOR.paramName() + "': "
                    + e.getMessage(), e);
        }
        engine = new CacheEngine(settings, clock, tier1, tier2, coordination.coordinator(), coordination.versions());
        config.getServletContext().setAttribute(CONTEXT_ATTRIBUTE_PREFIX + config.getFilterName(), this);
        LOG.log(Level.INFO, "Strata filter ''{0}'' started: tier 1 {1}, tier 2 {2}, coordinator {3}",
                config.getFilterName(), tier1 == null ? "off" : settings.tier1MaxBytes() + " bytes",
                tier2 == null ? "off" : "map " + settings.tier2Map(), engine.coordinatorName());
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
        try {
            hazelcast = settings.hazelcastInstance().isEmpty()
                    ? HazelcastConnector.start(settings.hazelcastConfig(), settings.tier2Map())
                    : HazelcastConnector.existing(settings.hazelcastInstance(), settings.tier2Map());
        } catch (IllegalArgumentException e) {
            InitParam named = settings.hazelcastInstance().isEmpty() ? InitParam.HAZELCAST_CONFIG
                    : InitParam.HAZELCAST_INSTANCE;
            throw new ServletException("Invalid Strata init-param '" + named.paramName() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Strata tier 2 could not start, running without it", e);
            return null;
        }
        CircuitBreaker breaker = new CircuitBreaker(settings.circuitFailureThreshold(),
                settings.circuitOpenDuration(), clock);
        IMap<String, byte[]> map = hazelcast.instance().getMap(settings.tier2Map());
        try {
            // The first call on a fresh member sets up the map's partitions (100+ ms): pay it here,
            // not in the first request's tier-2 timeout.
            map.get("strata:warm-up");
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "tier-2 warm-up failed", e);
        }
        return new Tier2(map, settings.tier2Timeout(), breaker);
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
        current.handle(req, res, chain);
    }

    /** Stops background writers, tier 1, and the Hazelcast member if this filter started it. */
    @Override
    public final void destroy() {
        CacheEngine current = engine;
        engine = null;
        if (current != null) {
            current.close();
        }
        if (hazelcast != null && hazelcast.owned()) {
            hazelcast.instance().shutdown();
        }
    }

    /**
     * Makes every stored response unreachable on every node at once, by bumping the namespace
     * version that is part of every key. Old copies are not deleted; they age out.
     *
     * @return the new namespace version
     * @throws IllegalStateException before {@code init}, after {@code destroy}, or when the cluster
     *     cannot be reached
     */
    public final long invalidateAll() {
        CacheEngine current = engine;
        if (current == null) {
            throw new IllegalStateException("Strata filter is not running");
        }
        try {
            return current.invalidateAll();
        } catch (CoordinationException e) {
            throw new IllegalStateException(e.getMessage(), e);
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
