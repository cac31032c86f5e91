package dev.strata.internal.http;

/**
 * Freshness lifetime and age arithmetic of RFC 9111 §4.2, in epoch milliseconds.
 */
public final class Freshness {
    /** Returned by {@link #explicitLifetime} when the response carries no freshness information. */
    public static final long NONE = -1;

    private Freshness() {
    }

    /**
     * The freshness lifetime a shared cache computes from explicit information (§4.2.1):
     * {@code s-maxage}, then {@code max-age}, then {@code Expires} minus {@code Date}. An invalid
     * {@code Expires} (including {@code 0}) means already stale: lifetime 0.
     *
     * @param headers the response header fields
     * @param cc the response's {@code Cache-Control}
     * @param responseTime when the response was received, used when {@code Date} is missing
     * @return lifetime in millis, or {@link #NONE}
     */
    public static long explicitLifetime(Headers headers, CacheControl cc, long responseTime) {
        return explicitLifetime(headers, cc, false, responseTime);
    }

    /**
     * As {@link #explicitLifetime(Headers, CacheControl, long)}, but with {@code Expires} left out when
     * the directives came from a targeted field (RFC 9213 §2.1: the cache then ignores
     * {@code Cache-Control} and {@code Expires}).
     */
    public static long explicitLifetime(Headers headers, CacheControl cc, boolean ignoreExpires, long responseTime) {
        long sMaxAge = cc.seconds("s-maxage");
        if (sMaxAge != CacheControl.ABSENT) {
            return sMaxAge * 1000;
        }
        long maxAge = cc.seconds("max-age");
        if (maxAge != CacheControl.ABSENT) {
            return maxAge * 1000;
        }
        java.util.List<String> expiresFields = headers.all("Expires");
        if (!ignoreExpires && !expiresFields.isEmpty()) {
            long expires = expiresFields.size() == 1 ? HttpDates.parse(expiresFields.get(0)) : Long.MIN_VALUE;
            if (expires == Long.MIN_VALUE) {
                return 0;
            }
            long date = HttpDates.parse(headers.first("Date"));
            long base = date == Long.MIN_VALUE ? responseTime : date;
            return Math.max(0, expires - base);
        }
        return NONE;
    }

    /**
     * The corrected initial age of a response when it was received (§4.2.3): the larger of the
     * apparent age ({@code response_time - Date}) and the {@code Age} header plus the request's
     * round trip.
     */
    public static long initialAge(Headers headers, long requestTime, long responseTime) {
        long date = HttpDates.parse(headers.first("Date"));
        long apparent = date == Long.MIN_VALUE ? 0 : Math.max(0, responseTime - date);
        long ageValue = ageSeconds(headers) * 1000;
        long corrected = ageValue + Math.max(0, responseTime - requestTime);
        return Math.max(apparent, corrected);
    }

    /**
     * The {@code Age} of a response in seconds (RFC 9111 §5.1): delta-seconds. A list, in one field
     * line or in several, is not valid {@code Age} syntax; its first member counts, as the
     * conformance suite of HTTP caches expects (so {@code 7200, 0} is old and {@code 0, 7200} is
     * not). Absent or malformed reads as 0.
     */
    public static long ageSeconds(Headers headers) {
        String first = headers.first("Age");
        if (first == null) {
            return 0;
        }
        int comma = first.indexOf(',');
        return parseAgeSeconds(comma < 0 ? first : first.substring(0, comma));
    }

    /** Delta-seconds of an {@code Age} value; absent or malformed reads as 0. */
    static long parseAgeSeconds(String value) {
        if (value == null) {
            return 0;
        }
        return CacheControl.deltaSeconds(value.trim());
    }
}
