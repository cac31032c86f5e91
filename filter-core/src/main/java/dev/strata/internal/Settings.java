package dev.strata.internal;

import dev.strata.InitParam;
import dev.strata.internal.http.AllowedHosts;
import dev.strata.internal.http.PathPatterns;
import dev.strata.internal.key.QueryKey;
import dev.strata.internal.key.RequestKeys;
import dev.strata.internal.security.Secret;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The filter's configuration, parsed once from init-params and immutable afterwards.
 *
 * @param tier1MaxBytes off-heap bytes of tier 1, 0 = tier 1 off
 * @param tier1HeapEntries entries on heap in front of the off-heap tier
 * @param tier1MaxTtl longest use of a tier-1 copy
 * @param tier2Map Hazelcast map name
 * @param hazelcastConfig config file, empty = none
 * @param hazelcastInstance running instance name, empty = none
 * @param tier2MaxTtl longest lifetime of a tier-2 entry
 * @param tier2Timeout bound on one tier-2 call
 * @param circuitFailureThreshold consecutive failures that open the breaker
 * @param circuitOpenDuration how long the breaker stays open
 * @param defaultTtl lifetime of responses without freshness information, zero = not stored
 * @param maxEntryBytes largest stored body
 * @param writeQueueCapacity pending background writes
 * @param paths which paths are cached
 * @param cacheableStatuses statuses that may be stored
 * @param storeAuthorized RFC 9111 §3.5 opt-in
 * @param bypassCookies cookie names that make a request per-user
 * @param statusHeaders whether Cache-Status and X-Cache are added
 * @param coordinator auto, cp, lease or local
 * @param coalesceTimeout longest wait for another request's fetch
 * @param writeLease how long a writer claim lasts
 * @param minWriteInterval minimum time between tier-2 writes of a key by different writers
 * @param hitForMissTtl how long a not-storable key skips coalescing
 * @param staleWhileRevalidate default RFC 5861 window
 * @param staleIfError default RFC 5861 window
 * @param versionCacheTtl how long a node trusts its namespace version
 * @param cpLockStripes number of CP locks
 * @param keyedHeaders request fields keyed when present
 * @param allowedHosts host names the cache serves, empty = any
 * @param ignoredQueryParams query parameter names or prefixes left out of the key
 * @param sortQueryParams whether query parameters are keyed sorted
 * @param heuristicFreshness whether RFC 9111 §4.2.2 heuristics give lifetimes
 * @param staleRetention how long a response is kept after it goes stale (validation, max-stale)
 * @param forcedRefreshInterval minimum time between client-forced refreshes of one URL, zero = no limit
 * @param maxVariantsPerUrl variants kept per URL
 * @param debugHeaders whether Cache-Status carries a hash prefix of the key
 * @param tagHeaders response fields naming purge tags
 * @param stripTagHeaders whether those fields are removed before responses leave
 * @param purgeRecordTtl how long purge records are kept, and the oldest response served
 * @param adminPath context-relative path of the admin endpoint, empty = off
 * @param adminToken the admin bearer token, {@code null} when the endpoint is off
 * @param interceptors interceptor class names, in order
 * @param discoverInterceptors whether ServiceLoader interceptors run too
 * @param metrics {@code auto}, {@code off} or a {@code Supplier<MeterRegistry>} class name
 * @param jmx whether the MBean is registered
 * @param hazelcastClientConfig client config file, empty = none
 * @param tier2MaxSizeMb heap bound of the tier-2 map per member in MiB, 0 = none
 */
public record Settings(
        long tier1MaxBytes,
        int tier1HeapEntries,
        Duration tier1MaxTtl,
        String tier2Map,
        String hazelcastConfig,
        String hazelcastInstance,
        Duration tier2MaxTtl,
        Duration tier2Timeout,
        int circuitFailureThreshold,
        Duration circuitOpenDuration,
        Duration defaultTtl,
        long maxEntryBytes,
        int writeQueueCapacity,
        PathPatterns paths,
        Set<Integer> cacheableStatuses,
        boolean storeAuthorized,
        Set<String> bypassCookies,
        boolean statusHeaders,
        String coordinator,
        Duration coalesceTimeout,
        Duration writeLease,
        Duration minWriteInterval,
        Duration hitForMissTtl,
        Duration staleWhileRevalidate,
        Duration staleIfError,
        Duration versionCacheTtl,
        int cpLockStripes,
        List<String> keyedHeaders,
        List<String> allowedHosts,
        List<String> ignoredQueryParams,
        boolean sortQueryParams,
        boolean heuristicFreshness,
        Duration staleRetention,
        Duration forcedRefreshInterval,
        int maxVariantsPerUrl,
        boolean debugHeaders,
        List<String> tagHeaders,
        boolean stripTagHeaders,
        Duration purgeRecordTtl,
        String adminPath,
        Secret adminToken,
        List<String> interceptors,
        boolean discoverInterceptors,
        String metrics,
        boolean jmx,
        String hazelcastClientConfig,
        int tier2MaxSizeMb) {

    /** Smallest off-heap tier Ehcache accepts. */
    static final long MIN_TIER1_BYTES = 1L << 20;

    /** Whether tier 2 is configured at all. */
    public boolean tier2Enabled() {
        return !hazelcastConfig.isEmpty() || !hazelcastInstance.isEmpty() || !hazelcastClientConfig.isEmpty();
    }

    /** Whether tier 1 is on. */
    public boolean tier1Enabled() {
        return tier1MaxBytes > 0;
    }

    /**
     * Parses init-params. Unknown names and malformed values throw {@link IllegalArgumentException}
     * naming the parameter.
     *
     * @param params the init-params present, by name
     * @return the settings
     */
    public static Settings parse(Map<String, String> params) {
        return parse(params, System::getenv);
    }

    /**
     * Parses init-params, reading environment variables ({@code adminTokenEnv}) through {@code env}.
     *
     * @param env an environment variable's value by name, or {@code null}
     */
    public static Settings parse(Map<String, String> params, Function<String, String> env) {
        Map<InitParam, String> raw = new EnumMap<>(InitParam.class);
        for (Map.Entry<String, String> e : params.entrySet()) {
            InitParam p = InitParam.byName(e.getKey()).orElseThrow(() -> new IllegalArgumentException(
                    "Unknown Strata init-param '" + e.getKey() + "'"));
            raw.put(p, e.getValue() == null ? "" : e.getValue());
        }
        Reader r = new Reader(raw);
        long tier1Bytes = r.get(InitParam.TIER1_MAX_BYTES, ConfigValues::size);
        if (tier1Bytes != 0 && tier1Bytes < MIN_TIER1_BYTES) {
            throw r.invalid(InitParam.TIER1_MAX_BYTES, "must be 0 (off) or at least 1m");
        }
        Duration tier2Timeout = r.get(InitParam.TIER2_TIMEOUT, ConfigValues::duration);
        if (tier2Timeout.isZero()) {
            throw r.invalid(InitParam.TIER2_TIMEOUT, "must be positive");
        }
        long maxEntryBytes = r.get(InitParam.MAX_ENTRY_BYTES, ConfigValues::size);
        if (maxEntryBytes <= 0 || maxEntryBytes > Integer.MAX_VALUE - 64) {
            throw r.invalid(InitParam.MAX_ENTRY_BYTES, "must be between 1 and 2g");
        }
        Settings s = new Settings(
                tier1Bytes,
                r.get(InitParam.TIER1_HEAP_ENTRIES, ConfigValues::positiveInt),
                positive(r, InitParam.TIER1_MAX_TTL),
                nonEmpty(r, InitParam.TIER2_MAP),
                r.get(InitParam.HAZELCAST_CONFIG, String::trim),
                r.get(InitParam.HAZELCAST_INSTANCE, String::trim),
                positive(r, InitParam.TIER2_MAX_TTL),
                tier2Timeout,
                r.get(InitParam.CIRCUIT_FAILURE_THRESHOLD, ConfigValues::positiveInt),
                positive(r, InitParam.CIRCUIT_OPEN_DURATION),
                r.get(InitParam.DEFAULT_TTL, ConfigValues::duration),
                maxEntryBytes,
                r.get(InitParam.WRITE_QUEUE_CAPACITY, ConfigValues::positiveInt),
                new PathPatterns(
                        r.get(InitParam.INCLUDE_PATHS, Settings::patterns),
                        r.get(InitParam.EXCLUDE_PATHS, Settings::patterns)),
                r.get(InitParam.CACHEABLE_STATUSES, Settings::statuses),
                r.get(InitParam.STORE_AUTHORIZED, ConfigValues::bool),
                Set.copyOf(r.get(InitParam.BYPASS_COOKIES, ConfigValues::list)),
                r.get(InitParam.STATUS_HEADERS, ConfigValues::bool),
                r.get(InitParam.COORDINATOR, Settings::coordinator),
                positive(r, InitParam.COALESCE_TIMEOUT),
                positive(r, InitParam.WRITE_LEASE),
                r.get(InitParam.MIN_WRITE_INTERVAL, ConfigValues::duration),
                r.get(InitParam.HIT_FOR_MISS_TTL, ConfigValues::duration),
                r.get(InitParam.STALE_WHILE_REVALIDATE, ConfigValues::duration),
                r.get(InitParam.STALE_IF_ERROR, ConfigValues::duration),
                r.get(InitParam.VERSION_CACHE_TTL, ConfigValues::duration),
                r.get(InitParam.CP_LOCK_STRIPES, ConfigValues::positiveInt),
                r.get(InitParam.KEYED_HEADERS, Settings::keyedHeaders),
                r.get(InitParam.ALLOWED_HOSTS, Settings::hosts),
                r.get(InitParam.IGNORED_QUERY_PARAMS, Settings::queryParams),
                r.get(InitParam.SORT_QUERY_PARAMS, ConfigValues::bool),
                r.get(InitParam.HEURISTIC_FRESHNESS, ConfigValues::bool),
                r.get(InitParam.STALE_RETENTION, ConfigValues::duration),
                r.get(InitParam.FORCED_REFRESH_INTERVAL, ConfigValues::duration),
                r.get(InitParam.MAX_VARIANTS_PER_URL, ConfigValues::positiveInt),
                r.get(InitParam.DEBUG_HEADERS, ConfigValues::bool),
                r.get(InitParam.TAG_HEADERS, Settings::tagHeaders),
                r.get(InitParam.STRIP_TAG_HEADERS, ConfigValues::bool),
                positive(r, InitParam.PURGE_RECORD_TTL),
                r.get(InitParam.ADMIN_PATH, Settings::adminPath),
                adminToken(r, raw, env),
                r.get(InitParam.INTERCEPTORS, Settings::classNames),
                r.get(InitParam.DISCOVER_INTERCEPTORS, ConfigValues::bool),
                r.get(InitParam.METRICS, Settings::metrics),
                r.get(InitParam.JMX, ConfigValues::bool),
                r.get(InitParam.HAZELCAST_CLIENT_CONFIG, String::trim),
                r.get(InitParam.TIER2_MAX_SIZE_MB, Settings::nonNegativeInt));
        if (s.purgeRecordTtl.compareTo(s.tier2MaxTtl) < 0) {
            throw r.invalid(InitParam.PURGE_RECORD_TTL, "must be at least tier2MaxTtl (" + s.tier2MaxTtl + ")");
        }
        List<InitParam> sources = new java.util.ArrayList<>();
        if (!s.hazelcastConfig.isEmpty()) {
            sources.add(InitParam.HAZELCAST_CONFIG);
        }
        if (!s.hazelcastClientConfig.isEmpty()) {
            sources.add(InitParam.HAZELCAST_CLIENT_CONFIG);
        }
        if (!s.hazelcastInstance.isEmpty()) {
            sources.add(InitParam.HAZELCAST_INSTANCE);
        }
        if (sources.size() > 1) {
            throw new IllegalArgumentException("Strata init-params '" + sources.get(0).paramName()
                    + "' and '" + sources.get(1).paramName() + "' exclude each other");
        }
        return s;
    }

    /** The admin token, required exactly when the admin endpoint is on; never echoed in messages. */
    private static Secret adminToken(Reader r, Map<InitParam, String> raw, Function<String, String> env) {
        boolean on = !r.get(InitParam.ADMIN_PATH, Settings::adminPath).isEmpty();
        String inline = raw.getOrDefault(InitParam.ADMIN_TOKEN, "");
        String envName = raw.getOrDefault(InitParam.ADMIN_TOKEN_ENV, "").trim();
        if (!on) {
            if (!inline.isEmpty()) {
                throw r.invalid(InitParam.ADMIN_TOKEN, "set, but adminPath is not: the admin endpoint is off");
            }
            if (!envName.isEmpty()) {
                throw r.invalid(InitParam.ADMIN_TOKEN_ENV, "set, but adminPath is not: the admin endpoint is off");
            }
            return null;
        }
        if (!inline.isEmpty() && !envName.isEmpty()) {
            throw new IllegalArgumentException("Strata init-params '" + InitParam.ADMIN_TOKEN.paramName() + "' and '"
                    + InitParam.ADMIN_TOKEN_ENV.paramName() + "' exclude each other");
        }
        String token;
        InitParam source;
        if (!envName.isEmpty()) {
            source = InitParam.ADMIN_TOKEN_ENV;
            token = env.apply(envName);
            if (token == null || token.isBlank()) {
                throw r.invalid(source, "environment variable '" + envName + "' is not set or empty");
            }
        } else {
            source = InitParam.ADMIN_TOKEN;
            token = inline;
            if (token.isBlank()) {
                throw r.invalid(InitParam.ADMIN_TOKEN, "adminPath is set: a bearer token is required"
                        + " (adminToken or adminTokenEnv)");
            }
        }
        token = token.trim();
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                // RFC 6750 b64token: visible ASCII; say where without echoing the secret
                throw r.invalid(source, "the token must be visible ASCII without spaces");
            }
        }
        return new Secret(token);
    }

    private static String adminPath(String text) {
        String p = text.trim();
        if (p.isEmpty()) {
            return p;
        }
        if (!p.startsWith("/") || p.length() < 2 || p.endsWith("/")) {
            throw new IllegalArgumentException("expected a path like /_strata (leading slash, no trailing slash)");
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '*' || c == '?' || c == '#' || c == ';' || c == '%') {
                throw new IllegalArgumentException("'" + c + "' is not allowed in the admin path");
            }
        }
        return p;
    }

    private static List<String> tagHeaders(String text) {
        List<String> list = ConfigValues.list(text);
        for (String name : list) {
            if (!name.chars().allMatch(c -> c > ' ' && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
                throw new IllegalArgumentException("'" + name + "' is not a header field name");
            }
        }
        return list;
    }

    private static List<String> classNames(String text) {
        List<String> list = ConfigValues.list(text);
        for (String name : list) {
            className(name);
        }
        return list;
    }

    private static String className(String name) {
        for (String part : name.split("\\.", -1)) {
            if (part.isEmpty() || !Character.isJavaIdentifierStart(part.charAt(0))
                    || !part.chars().allMatch(c -> Character.isJavaIdentifierPart(c) || c == '$')) {
                throw new IllegalArgumentException("'" + name + "' is not a class name");
            }
        }
        return name;
    }

    private static String metrics(String text) {
        String v = text.trim();
        if (v.equals("auto") || v.equals("off")) {
            return v;
        }
        if (v.indexOf('.') < 0) {
            throw new IllegalArgumentException("expected auto, off, or the qualified class name of a"
                    + " Supplier<MeterRegistry>");
        }
        return className(v);
    }

    private static int nonNegativeInt(String text) {
        int v = Integer.parseInt(text.trim());
        if (v < 0) {
            throw new IllegalArgumentException("must be 0 or more");
        }
        return v;
    }

    private static String coordinator(String text) {
        String v = text.trim();
        if (!v.equals("auto") && !v.equals("cp") && !v.equals("lease") && !v.equals("local")) {
            throw new IllegalArgumentException("expected auto, cp, lease or local");
        }
        return v;
    }

    private static Duration positive(Reader r, InitParam p) {
        Duration d = r.get(p, ConfigValues::duration);
        if (d.isZero() || d.isNegative()) {
            throw r.invalid(p, "must be positive");
        }
        return d;
    }

    private static String nonEmpty(Reader r, InitParam p) {
        String v = r.get(p, String::trim);
        if (v.isEmpty()) {
            throw r.invalid(p, "must not be empty");
        }
        return v;
    }

    private static List<String> patterns(String text) {
        List<String> list = ConfigValues.list(text);
        new PathPatterns(list, List.of());
        return list;
    }

    private static List<String> keyedHeaders(String text) {
        List<String> list = ConfigValues.list(text);
        new RequestKeys(list, QueryKey.RAW);
        return list;
    }

    private static List<String> hosts(String text) {
        List<String> list = ConfigValues.list(text);
        new AllowedHosts(list);
        return list;
    }

    private static List<String> queryParams(String text) {
        List<String> list = ConfigValues.list(text);
        new QueryKey(list, false);
        return list;
    }

    /** Status codes and inclusive ranges ({@code 200-299}); ranges skip 206 and 304, which are never stored. */
    private static Set<Integer> statuses(String text) {
        Set<Integer> out = new TreeSet<>();
        for (String s : ConfigValues.list(text)) {
            int dash = s.indexOf('-');
            if (dash > 0) {
                int from = rangeEnd(s.substring(0, dash).trim());
                int to = rangeEnd(s.substring(dash + 1).trim());
                if (from > to) {
                    throw new IllegalArgumentException("empty range " + s);
                }
                for (int code = from; code <= to; code++) {
                    if (code != 206 && code != 304) {
                        out.add(code);
                    }
                }
            } else {
                out.add(status(s));
            }
        }
        return Set.copyOf(out);
    }

    private static int rangeEnd(String text) {
        int code = Integer.parseInt(text);
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("status " + code + " out of 200-599");
        }
        return code;
    }

    private static int status(String text) {
        int code = Integer.parseInt(text);
        if (code < 200 || code > 599 || code == 206 || code == 304) {
            throw new IllegalArgumentException("status " + code + " cannot be stored (1xx, 206 and 304 never are)");
        }
        return code;
    }

    /** Reads one param with its default, turning parse failures into errors that name it. */
    private static final class Reader {
        private final Map<InitParam, String> raw;

        Reader(Map<InitParam, String> raw) {
            this.raw = raw;
        }

        <T> T get(InitParam p, Function<String, T> parser) {
            String value = raw.getOrDefault(p, p.defaultValue());
            try {
                return parser.apply(value);
            } catch (RuntimeException e) {
                throw invalid(p, "'" + value + "': " + e.getMessage());
            }
        }

        IllegalArgumentException invalid(InitParam p, String why) {
            return new IllegalArgumentException("Invalid Strata init-param '" + p.paramName() + "': " + why);
        }
    }
}
