package dev.strata.internal.http;

import java.util.Set;

/**
 * Heuristic freshness (RFC 9111 §4.2.2) for responses without an explicit lifetime: a tenth of the
 * time since {@code Last-Modified}, at most a day (past a day RFC 9111 would want a warning Strata
 * does not send).
 */
public final class HeuristicFreshness {
    /** Status codes heuristically cacheable by default (RFC 9110 §15.1), 206 aside: never stored. */
    public static final Set<Integer> HEURISTIC_STATUSES = Set.of(200, 203, 204, 300, 301, 308, 404, 405, 410, 414,
            501);
    /** The fraction of the {@code Last-Modified} age used, as RFC 9111 §4.2.2 suggests. */
    static final int DIVISOR = 10;
    /** The longest heuristic lifetime. */
    public static final long MAX_MILLIS = 24L * 60 * 60 * 1000;

    private HeuristicFreshness() {
    }

    /**
     * The heuristic lifetime in millis, or {@link Freshness#NONE} when heuristics do not apply:
     * the status is not heuristically cacheable and the response is not {@code public}, or there is
     * no valid {@code Last-Modified} before the response's {@code Date}.
     *
     * @param status the response status
     * @param headers the response fields
     * @param cc the directives Strata obeys for it
     * @param responseTime when it arrived, standing in for a missing or invalid {@code Date}
     */
    public static long lifetime(int status, Headers headers, CacheControl cc, long responseTime) {
        if (!HEURISTIC_STATUSES.contains(status) && !cc.has("public")) {
            return Freshness.NONE;
        }
        long lastModified = HttpDates.parse(headers.first("Last-Modified"));
        if (lastModified == Long.MIN_VALUE) {
            return Freshness.NONE;
        }
        long date = HttpDates.parse(headers.first("Date"));
        long base = date == Long.MIN_VALUE ? responseTime : date;
        if (lastModified > base) {
            return Freshness.NONE;
        }
        return Math.min((base - lastModified) / DIVISOR, MAX_MILLIS);
    }
}
