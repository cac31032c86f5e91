package dev.strata.internal;

import dev.strata.InitParam;
import dev.strata.internal.http.PathPatterns;
import java.time.Duration;
import java.util.EnumMap;
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
 * @param heuristicFreshness whether RFC 9111 §4.2.2 heuristics give lifetimes
 * @param staleRetention how long a response is kept after it goes stale (validation, max-stale)
 * @param forcedRefreshInterval minimum time between client-forced refreshes of one URL, zero = no limit
 * @param maxVariantsPerUrl variants kept per URL
 * @param debugHeaders whether Cache-Status carries the cache key
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
        boolean heuristicFreshness,
        Duration staleRetention,
        Duration forcedRefreshInterval,
        int maxVariantsPerUrl,
        boolean debugHeaders) {

    /** Smallest off-heap tier Ehcache accepts. */
    static final long MIN_TIER1_BYTES = 1L << 20;

    /** Whether tier 2 is configured at all. */
    public boolean tier2Enabled() {
        return !hazelcastConfig.isEmpty() || !hazelcastInstance.isEmpty();
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
                r.get(InitParam.HEURISTIC_FRESHNESS, ConfigValues::bool),
                r.get(InitParam.STALE_RETENTION, ConfigValues::duration),
                r.get(InitParam.FORCED_REFRESH_INTERVAL, ConfigValues::duration),
                r.get(InitParam.MAX_VARIANTS_PER_URL, ConfigValues::positiveInt),
                r.get(InitParam.DEBUG_HEADERS, ConfigValues::bool));
        if (!s.hazelcastConfig.isEmpty() && !s.hazelcastInstance.isEmpty()) {
            throw new IllegalArgumentException("Strata init-params '" + InitParam.HAZELCAST_CONFIG.paramName()
                    + "' and '" + InitParam.HAZELCAST_INSTANCE.paramName() + "' exclude each other");
        }
        return s;
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

    private static java.util.List<String> patterns(String text) {
        java.util.List<String> list = ConfigValues.list(text);
        new PathPatterns(list, java.util.List.of());
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
