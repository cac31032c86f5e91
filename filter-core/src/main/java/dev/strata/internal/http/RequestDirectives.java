package dev.strata.internal.http;

import java.util.Locale;

/**
 * The cache directives of a request (RFC 9111 §5.2.1), with {@code Pragma: no-cache} read as
 * {@code Cache-Control: no-cache} only when the request has no {@code Cache-Control} (§5.4).
 *
 * @param noCache the client wants a stored response validated before use
 * @param noStore nothing of this exchange may be stored
 * @param maxAgeSeconds the oldest response the client accepts, or {@link CacheControl#ABSENT}
 * @param maxStaleSeconds how stale a response the client accepts ({@link Long#MAX_VALUE} for any),
 *     or {@link CacheControl#ABSENT}
 * @param minFreshSeconds how long a response must stay fresh for the client, or
 *     {@link CacheControl#ABSENT}
 * @param onlyIfCached the client wants a stored response or a 504, never a trip to the origin
 */
public record RequestDirectives(boolean noCache, boolean noStore, long maxAgeSeconds, long maxStaleSeconds,
        long minFreshSeconds, boolean onlyIfCached) {

    /** A request without directives. */
    public static final RequestDirectives NONE = new RequestDirectives(false, false, CacheControl.ABSENT,
            CacheControl.ABSENT, CacheControl.ABSENT, false);

    /**
     * @param cacheControl the request's {@code Cache-Control} field lines joined, or {@code null}
     * @param pragma the request's {@code Pragma} field lines joined, or {@code null}
     */
    public static RequestDirectives parse(String cacheControl, String pragma) {
        if (cacheControl == null) {
            return isPragmaNoCache(pragma) ? new RequestDirectives(true, false, CacheControl.ABSENT,
                    CacheControl.ABSENT, CacheControl.ABSENT, false) : NONE;
        }
        CacheControl cc = CacheControl.parse(cacheControl);
        if (cc.isEmpty()) {
            return NONE;
        }
        long maxStale = cc.seconds("max-stale");
        if (maxStale != CacheControl.ABSENT && cc.argument("max-stale").isEmpty()) {
            // max-stale without a value: any staleness (§5.2.1.2)
            maxStale = Long.MAX_VALUE;
        }
        return new RequestDirectives(cc.has("no-cache"), cc.has("no-store"), cc.seconds("max-age"), maxStale,
                cc.seconds("min-fresh"), cc.has("only-if-cached"));
    }

    private static boolean isPragmaNoCache(String pragma) {
        if (pragma == null) {
            return false;
        }
        for (String token : pragma.split(",")) {
            if (token.trim().toLowerCase(Locale.ROOT).equals("no-cache")) {
                return true;
            }
        }
        return false;
    }
}
