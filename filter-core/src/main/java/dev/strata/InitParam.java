package dev.strata;

import java.util.Locale;
import java.util.Optional;

/**
 * Every init-param {@link StrataFilter} accepts, with its default.
 *
 * <p>Sizes take a plain byte count or a {@code k}, {@code m}, {@code g} suffix (powers of 1024),
 * durations a number with {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}. An unknown
 * init-param, or a malformed value, fails {@code init()} with the parameter's name in the message.
 *
 * <table>
 * <caption>Init-params</caption>
 * <tr><th>name</th><th>default</th><th>meaning</th></tr>
 * <tr><td>tier1MaxBytes</td><td>64m</td><td>tier-1 (per-node JCache) capacity in bytes, off-heap; 0 disables tier 1</td></tr>
 * <tr><td>tier1HeapEntries</td><td>128</td><td>entries kept on heap in front of the off-heap bytes</td></tr>
 * <tr><td>tier1MaxTtl</td><td>10m</td><td>longest time a tier-1 copy is used before tier 2 is asked again</td></tr>
 * <tr><td>tier2Map</td><td>strata-responses</td><td>name of the Hazelcast IMap of tier 2</td></tr>
 * <tr><td>hazelcastConfig</td><td>(none)</td><td>Hazelcast member config file (YAML or XML; {@code classpath:} prefix allowed)</td></tr>
 * <tr><td>hazelcastClientConfig</td><td>(none)</td><td>Hazelcast client config file (YAML or XML; {@code classpath:}
 *     prefix allowed): the filter is a client of a cluster of members run elsewhere</td></tr>
 * <tr><td>hazelcastInstance</td><td>(none)</td><td>name of a running Hazelcast member, else client, to use instead</td></tr>
 * <tr><td>tier2MaxTtl</td><td>1d</td><td>longest lifetime of a tier-2 entry</td></tr>
 * <tr><td>tier2MaxSizeMb</td><td>256</td><td>heap (MiB) the tier-2 map may use on each member before LRU eviction;
 *     0 = no bound; applies where Strata configures the members (not in client mode)</td></tr>
 * <tr><td>tier2Timeout</td><td>100ms</td><td>bound on one tier-2 read or write</td></tr>
 * <tr><td>circuitFailureThreshold</td><td>5</td><td>consecutive cluster failures (tier 2, coordinator, version
 *     counter) that open the circuit; also the timeouts in a row that make one member skipped</td></tr>
 * <tr><td>circuitOpenDuration</td><td>5s</td><td>how long an open circuit skips the cluster, or a stalled member
 *     its keys, before one probe</td></tr>
 * <tr><td>defaultTtl</td><td>0</td><td>lifetime of responses without freshness information; 0 = not stored</td></tr>
 * <tr><td>maxEntryBytes</td><td>1m</td><td>largest body stored; larger responses stream through uncached</td></tr>
 * <tr><td>writeQueueCapacity</td><td>1000</td><td>pending background tier writes; past it writes are dropped and counted</td></tr>
 * <tr><td>includePaths</td><td>/*</td><td>servlet-style patterns (exact, {@code /p/*}, {@code *.ext}) the filter caches</td></tr>
 * <tr><td>excludePaths</td><td>(none)</td><td>patterns never cached, checked before includePaths</td></tr>
 * <tr><td>cacheableStatuses</td><td>200,203,204,300,301,308</td><td>statuses that may be stored (codes and ranges; 206 and 304 never
 *     are); errors only when listed; without explicit freshness only 200, 203, 204, 300, 301, 308 use
 *     {@code defaultTtl}</td></tr>
 * <tr><td>storeAuthorized</td><td>false</td><td>store and share responses to requests with Authorization when the
 *     response says public, s-maxage or must-revalidate</td></tr>
 * <tr><td>bypassCookies</td><td>JSESSIONID</td><td>request cookies that mark a request as per-user: it bypasses the cache</td></tr>
 * <tr><td>statusHeaders</td><td>true</td><td>add {@code Cache-Status} and {@code X-Cache} to every response</td></tr>
 * <tr><td>coordinator</td><td>auto</td><td>one writer per key: {@code cp} (CP FencedLock), {@code lease}
 *     (entry-processor leases), {@code local} (per node only); {@code auto} picks cp when the cluster has
 *     3+ CP members, else lease, or local without tier 2</td></tr>
 * <tr><td>coalesceTimeout</td><td>5s</td><td>longest wait for another request's fetch of the same key</td></tr>
 * <tr><td>writeLease</td><td>10s</td><td>how long a writer claim lasts unless released</td></tr>
 * <tr><td>minWriteInterval</td><td>1s</td><td>minimum time between tier-2 writes of one key by different writers</td></tr>
 * <tr><td>hitForMissTtl</td><td>5s</td><td>how long a key whose response was not storable skips coalescing</td></tr>
 * <tr><td>staleWhileRevalidate</td><td>0</td><td>default RFC 5861 window for responses naming none (never for s-maxage, must-revalidate, proxy-revalidate, no-cache ones)</td></tr>
 * <tr><td>staleIfError</td><td>0</td><td>default RFC 5861 window for responses naming none (never for s-maxage, must-revalidate, proxy-revalidate, no-cache ones)</td></tr>
 * <tr><td>versionCacheTtl</td><td>1s</td><td>how long a node trusts its copy of the namespace version</td></tr>
 * <tr><td>cpLockStripes</td><td>256</td><td>CP locks keys are striped over (each is permanent CP state)</td></tr>
 * <tr><td>keyedHeaders</td><td>X-Forwarded-Host, X-Forwarded-Scheme, X-Forwarded-Proto, X-Forwarded-Port,
 *     X-Forwarded-Prefix, X-Forwarded-Server, X-Forwarded-Ssl, X-Host, X-HTTP-Host-Override, X-Original-URL,
 *     X-Rewrite-URL, Forwarded</td><td>request header fields that go into the key when present, so a response
 *     built from them is only served to requests that carry the same values</td></tr>
 * <tr><td>allowedHosts</td><td>(any)</td><td>host names ({@code *.suffix} for subdomains) the cache serves; requests
 *     for other hosts bypass it</td></tr>
 * <tr><td>ignoredQueryParams</td><td>(none)</td><td>query parameters ({@code name} or {@code prefix*}) left out of the
 *     key; only for parameters no response depends on</td></tr>
 * <tr><td>sortQueryParams</td><td>false</td><td>key the query with its parameters sorted by name</td></tr>
 * <tr><td>debugHeaders</td><td>false</td><td>add {@code key="<SHA-256 prefix of the key>"} to {@code Cache-Status}</td></tr>
 * <tr><td>heuristicFreshness</td><td>true</td><td>give responses without explicit freshness but with
 *     {@code Last-Modified} a tenth of their age as lifetime, at most 1 day (RFC 9111 §4.2.2)</td></tr>
 * <tr><td>staleRetention</td><td>1h</td><td>how long a response is kept after it goes stale, to be validated
 *     with a conditional request or served stale where allowed ({@code max-stale}); 0 = dropped when stale</td></tr>
 * <tr><td>forcedRefreshInterval</td><td>1s</td><td>per URL, client refreshes ({@code no-cache},
 *     {@code max-age=0}, ...) closer together than this are answered from a fresh stored response; 0 = no limit</td></tr>
 * <tr><td>maxVariantsPerUrl</td><td>32</td><td>variants ({@code Vary}) kept per URL; past it the oldest is dropped</td></tr>
 * <tr><td>tagHeaders</td><td>Surrogate-Key,Cache-Tag</td><td>response fields naming the response's purge tags
 *     (space or comma separated); empty = none</td></tr>
 * <tr><td>stripTagHeaders</td><td>true</td><td>remove those fields before the response leaves</td></tr>
 * <tr><td>purgeRecordTtl</td><td>7d</td><td>how long purge records are kept; no response older than this is
 *     served (at least tier2MaxTtl)</td></tr>
 * <tr><td>adminPath</td><td>(none: off)</td><td>path of the admin endpoint ({@code POST <path>/purge},
 *     {@code GET <path>/stats}, {@code PURGE} on cached URLs); map the filter to {@code <path>/*} too</td></tr>
 * <tr><td>adminToken</td><td>(none)</td><td>bearer token the admin endpoint requires</td></tr>
 * <tr><td>adminTokenEnv</td><td>(none)</td><td>environment variable holding that token instead</td></tr>
 * <tr><td>interceptors</td><td>(none)</td><td>class names of {@link dev.strata.spi.CacheInterceptor}s</td></tr>
 * <tr><td>discoverInterceptors</td><td>true</td><td>also run interceptors found by {@code ServiceLoader}</td></tr>
 * <tr><td>metrics</td><td>auto</td><td>Micrometer: {@code auto} (global registry if Micrometer is present),
 *     {@code off}, or a {@code Supplier<MeterRegistry>} class name</td></tr>
 * <tr><td>jmx</td><td>true</td><td>register the MBean {@code dev.strata:type=Cache,name=<filter-name>}</td></tr>
 * </table>
 */
public enum InitParam {
    /** Tier-1 capacity in bytes (off-heap); {@code 0} disables tier 1. Default {@code 64m}. */
    TIER1_MAX_BYTES("tier1MaxBytes", "64m"),
    /** Entries held on heap in front of tier 1's off-heap bytes. Default {@code 128}. */
    TIER1_HEAP_ENTRIES("tier1HeapEntries", "128"),
    /** Longest use of a tier-1 copy before tier 2 is read again. Default {@code 10m}. */
    TIER1_MAX_TTL("tier1MaxTtl", "10m"),
    /** Name of the tier-2 Hazelcast {@code IMap}. Default {@code strata-responses}. */
    TIER2_MAP("tier2Map", "strata-responses"),
    /** Hazelcast member config file, YAML or XML, optionally {@code classpath:}. Default none. */
    HAZELCAST_CONFIG("hazelcastConfig", ""),
    /** Hazelcast client config file, YAML ({@code .yaml}, {@code .yml}) or XML, optionally
     * {@code classpath:}: the filter starts a client of an existing cluster (async start, async
     * reconnect, no connect timeout: it never waits for the cluster) and shuts it down in
     * {@code destroy()}. The members must carry Strata's map configs and filter-core
     * ({@link StrataMemberConfig}). Default none. */
    HAZELCAST_CLIENT_CONFIG("hazelcastClientConfig", ""),
    /** Name of an already running Hazelcast instance: a member, else a client. Default none. Without
     * this, {@link #HAZELCAST_CONFIG} or {@link #HAZELCAST_CLIENT_CONFIG}, tier 2 is off. */
    HAZELCAST_INSTANCE("hazelcastInstance", ""),
    /** Longest lifetime of a tier-2 entry. Default {@code 1d}. */
    TIER2_MAX_TTL("tier2MaxTtl", "1d"),
    /** Heap the tier-2 map may use on each member, in MiB, before its least recently used entries
     * are evicted ({@code USED_HEAP_SIZE}, LRU); {@code 0} = no bound. Applies to the map configs
     * Strata adds to a member; in client mode the members' own config decides. Default {@code 256}. */
    TIER2_MAX_SIZE_MB("tier2MaxSizeMb", String.valueOf(StrataMemberConfig.DEFAULT_TIER2_MAX_SIZE_MB)),
    /**
     * Bound on one tier-2 call; past it the call counts as failed. A member's reads of keys it owns
     * read its own replica and never wait. Default {@code 100ms}.
     */
    TIER2_TIMEOUT("tier2Timeout", "100ms"),
    /** Consecutive failures or timeouts of cluster calls (tier 2, write coordinator, namespace
     * version) that open the one circuit breaker of the cluster; also the timeouts in a row of one
     * member's calls after which its keys skip the cluster (a stalled member). Default {@code 5}. */
    CIRCUIT_FAILURE_THRESHOLD("circuitFailureThreshold", "5"),
    /** How long an open circuit skips every cluster call, or a stalled member's keys skip the
     * cluster, before one probe call. Default {@code 5s}. */
    CIRCUIT_OPEN_DURATION("circuitOpenDuration", "5s"),
    /** Lifetime for storable responses with no freshness information; {@code 0} = do not store. Default {@code 0}. */
    DEFAULT_TTL("defaultTtl", "0"),
    /** Largest response body stored. Default {@code 1m}. */
    MAX_ENTRY_BYTES("maxEntryBytes", "1m"),
    /** Capacity of the background write queue. Default {@code 1000}. */
    WRITE_QUEUE_CAPACITY("writeQueueCapacity", "1000"),
    /** Comma-separated servlet-style path patterns to cache. Default {@code /*}. */
    INCLUDE_PATHS("includePaths", "/*"),
    /** Comma-separated servlet-style path patterns never cached. Default none. */
    EXCLUDE_PATHS("excludePaths", ""),
    /**
     * Comma-separated statuses or ranges ({@code 200-299}) that may be stored; {@code 206} and {@code 304}
     * never are. The default is the non-error statuses RFC 9110 §15.1 makes cacheable by default;
     * errors are not in it: list them to store them (CPDoS), and list others (e.g. {@code 302}) to
     * store them when they carry explicit freshness. Responses without explicit freshness are stored
     * (by {@link #DEFAULT_TTL} or heuristics) only for the statuses RFC 9110 §15.1 makes
     * heuristically cacheable. Default {@code 200,203,204,300,301,308}.
     */
    CACHEABLE_STATUSES("cacheableStatuses", "200,203,204,300,301,308"),
    /** Opt in to storing responses to requests with {@code Authorization} (RFC 9111 §3.5). Default {@code false}. */
    STORE_AUTHORIZED("storeAuthorized", "false"),
    /** Comma-separated cookie names that make a request per-user (bypass). Default {@code JSESSIONID}. */
    BYPASS_COOKIES("bypassCookies", "JSESSIONID"),
    /** Add {@code Cache-Status} and {@code X-Cache} headers. Default {@code true}. */
    STATUS_HEADERS("statusHeaders", "true"),
    /** Who picks the one writer of a key: {@code auto}, {@code cp}, {@code lease} or {@code local}. Default {@code auto}. */
    COORDINATOR("coordinator", "auto"),
    /** Longest wait of a request for another request's fetch of the same key. Default {@code 5s}. */
    COALESCE_TIMEOUT("coalesceTimeout", "5s"),
    /** How long a cluster-wide writer claim lasts unless released. Default {@code 10s}. */
    WRITE_LEASE("writeLease", "10s"),
    /** Minimum time between two tier-2 writes of one key by different writers. Default {@code 1s}. */
    MIN_WRITE_INTERVAL("minWriteInterval", "1s"),
    /** How long a key whose response was not storable skips coalescing. Default {@code 5s}. */
    HIT_FOR_MISS_TTL("hitForMissTtl", "5s"),
    /** Default stale-while-revalidate window for responses that name none. Default {@code 0}. */
    STALE_WHILE_REVALIDATE("staleWhileRevalidate", "0"),
    /** Default stale-if-error window for responses that name none. Default {@code 0}. */
    STALE_IF_ERROR("staleIfError", "0"),
    /** How long a node trusts its copy of the namespace version. Default {@code 1s}. */
    VERSION_CACHE_TTL("versionCacheTtl", "1s"),
    /** Number of CP {@code FencedLock}s keys are striped over (coordinator {@code cp}). Default {@code 256}. */
    CP_LOCK_STRIPES("cpLockStripes", "256"),
    /** Comma-separated request header fields keyed when present (unkeyed-input poisoning). Default: the
     * {@code X-Forwarded-*} family, {@code X-Host}, {@code X-HTTP-Host-Override}, {@code X-Original-URL},
     * {@code X-Rewrite-URL} and {@code Forwarded}, as in the table above. */
    KEYED_HEADERS("keyedHeaders", "X-Forwarded-Host,X-Forwarded-Scheme,X-Forwarded-Proto,X-Forwarded-Port,"
            + "X-Forwarded-Prefix,X-Forwarded-Server,X-Forwarded-Ssl,X-Host,X-HTTP-Host-Override,X-Original-URL,"
            + "X-Rewrite-URL,Forwarded"),
    /** Comma-separated host names ({@code *.suffix} allowed) the cache serves; others bypass. Default: any host. */
    ALLOWED_HOSTS("allowedHosts", ""),
    /** Comma-separated query parameter names ({@code prefix*} allowed) left out of the key. Default none. */
    IGNORED_QUERY_PARAMS("ignoredQueryParams", ""),
    /** Key the query with its parameters sorted by name. Default {@code false}. */
    SORT_QUERY_PARAMS("sortQueryParams", "false"),
    /**
     * Heuristic freshness (RFC 9111 §4.2.2) for responses with {@code Last-Modified} and no explicit
     * lifetime: 10% of the time since {@code Last-Modified}, at most one day. Default {@code true}.
     */
    HEURISTIC_FRESHNESS("heuristicFreshness", "true"),
    /**
     * How long a stored response is kept after it goes stale: a response with a validator
     * ({@code ETag} or {@code Last-Modified}) is then refreshed by a conditional request, any response
     * may be served stale where a client allows it ({@code max-stale}) and the response does not
     * forbid it. {@code 0} drops responses when they go stale. Default {@code 1h}.
     */
    STALE_RETENTION("staleRetention", "1h"),
    /**
     * Minimum time between two client-forced refreshes of one URL ({@code no-cache}, {@code no-store},
     * {@code max-age} the stored response is too old for, {@code min-fresh}); within it a fresh stored
     * response answers. {@code 0} = no limit. Default {@code 1s}.
     */
    FORCED_REFRESH_INTERVAL("forcedRefreshInterval", "1s"),
    /** Variants of one URL ({@code Vary}) kept at most; past it the oldest is dropped. Default {@code 32}. */
    MAX_VARIANTS_PER_URL("maxVariantsPerUrl", "32"),
    /** Add a SHA-256 prefix of the cache key to {@code Cache-Status}. Default {@code false}. */
    DEBUG_HEADERS("debugHeaders", "false"),
    /** Comma-separated response header fields that name a response's purge tags (values separated by
     * spaces or commas); empty = no tags. Default {@code Surrogate-Key,Cache-Tag}. */
    TAG_HEADERS("tagHeaders", "Surrogate-Key,Cache-Tag"),
    /** Remove the {@link #TAG_HEADERS} fields from responses before they leave (they are kept in the
     * entry's metadata). Default {@code true}. */
    STRIP_TAG_HEADERS("stripTagHeaders", "true"),
    /** How long purge records are kept; a response stored longer ago than this is never served, so an
     * expired record cannot bring back what it purged. At least {@link #TIER2_MAX_TTL}. Default {@code 7d}. */
    PURGE_RECORD_TTL("purgeRecordTtl", "7d"),
    /** Context-relative path of the admin endpoint ({@code <path>/purge}, {@code <path>/stats}, and the
     * {@code PURGE} method on cached URLs); the filter must also be mapped to {@code <path>/*}. Default none: off. */
    ADMIN_PATH("adminPath", ""),
    /** The bearer token the admin endpoint requires (excludes {@link #ADMIN_TOKEN_ENV}). Default none. */
    ADMIN_TOKEN("adminToken", ""),
    /** Name of an environment variable holding the admin bearer token (excludes {@link #ADMIN_TOKEN}). Default none. */
    ADMIN_TOKEN_ENV("adminTokenEnv", ""),
    /** Comma-separated class names of {@link dev.strata.spi.CacheInterceptor}s, run in this order. Default none. */
    INTERCEPTORS("interceptors", ""),
    /** Also run the interceptors {@link java.util.ServiceLoader} finds, after the listed ones. Default {@code true}. */
    DISCOVER_INTERCEPTORS("discoverInterceptors", "true"),
    /** Micrometer metrics: {@code auto} (the global registry when Micrometer is on the class path), {@code off},
     * or the class name of a {@code java.util.function.Supplier} of a {@code MeterRegistry}. Default {@code auto}. */
    METRICS("metrics", "auto"),
    /** Register an MBean {@code dev.strata:type=Cache,name=<filter-name>} with the platform MBean server.
     * Default {@code true}. */
    JMX("jmx", "true");

    private final String paramName;
    private final String defaultValue;

    InitParam(String paramName, String defaultValue) {
        this.paramName = paramName;
        this.defaultValue = defaultValue;
    }

    /** The init-param name as written in {@code web.xml}. */
    public String paramName() {
        return paramName;
    }

    /** The value used when the init-param is absent; empty means "none". */
    public String defaultValue() {
        return defaultValue;
    }

    /** The parameter with this name, if Strata knows it (case-sensitive). */
    public static Optional<InitParam> byName(String name) {
        for (InitParam p : values()) {
            if (p.paramName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
