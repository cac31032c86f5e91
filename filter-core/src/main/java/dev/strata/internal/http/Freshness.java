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
        long sMaxAge = cc.seconds("s-maxage");
        if (sMaxAge != CacheControl.ABSENT) {
            return sMaxAge * 1000;
        }
        long maxAge = cc.seconds("max-age");
        if (maxAge != CacheControl.ABSENT) {
            return maxAge * 1000;
        }
        java.util.List<String> expiresFields = headers.all("Expires");
        if (!expiresFields.isEmpty()) {
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
        long ageValue = parseAgeSeconds(headers.first("Age")) * 1000;
        long corrected = ageValue + Math.max(0, responseTime - requestTime);
        return Math.max(apparent, corrected);
    }

    /** Delta-seconds of an {@code Age} value; absent or malformed reads as 0. */
    static long parseAgeSeconds(String value) {
        if (value == null) {
            return 0;
        }
        return CacheControl.deltaSeconds(value.trim());
    }
}
