package dev.strata.internal.http;

/**
 * Decides whether a stored response may answer a request (RFC 9111 §4, §4.2.4, §5.2) in a shared
 * cache: serve it, validate it with the origin first, or go to the origin without it.
 *
 * <p>Client directives can only make the cache more careful, never widen what it may serve:
 * {@code max-stale} is not honoured for responses with {@code must-revalidate},
 * {@code proxy-revalidate}, {@code s-maxage} or {@code no-cache}. Responses that may never be
 * served from a shared cache ({@code private}, {@code Set-Cookie}) are never stored at all.
 */
public final class ServePolicy {
    private ServePolicy() {
    }

    /** What to do with a stored response. */
    public enum Action {
        /** Serve it as it is. */
        SERVE,
        /** Ask the origin with a conditional request made from its validators. */
        VALIDATE,
        /** Ask the origin for a full response. */
        FORWARD
    }

    /**
     * The decision.
     *
     * @param action what to do
     * @param fwd the RFC 9211 {@code fwd} reason when the origin is asked: {@code stale} when the
     *     stored response is stale, {@code request} when the client's directives asked for more
     * @param clientForced whether only the client's directives keep a fresh response from being
     *     served (the cases a per-key refresh limit may override)
     */
    public record Decision(Action action, String fwd, boolean clientForced) {
    }

    /**
     * @param cc the directives Strata obeys for the stored response
     * @param lifetimeMillis its freshness lifetime
     * @param ageMillis its current age
     * @param hasValidator whether it has an {@code ETag} or {@code Last-Modified} to validate with
     * @param request the request's directives
     */
    public static Decision decide(CacheControl cc, long lifetimeMillis, long ageMillis, boolean hasValidator,
            RequestDirectives request) {
        Action refresh = hasValidator ? Action.VALIDATE : Action.FORWARD;
        boolean fresh = ageMillis < lifetimeMillis;
        if (cc.unqualified("no-cache")) {
            // §5.2.2.4: never used without successful validation, fresh or not
            return new Decision(refresh, fresh ? "request" : "stale", false);
        }
        if (!fresh) {
            if (stalenessAccepted(cc, lifetimeMillis, ageMillis, request)) {
                return new Decision(Action.SERVE, null, false);
            }
            return new Decision(refresh, "stale", false);
        }
        if (cc.has("immutable")) {
            // RFC 8246: a fresh immutable response will not change; reloads need not reach the origin
            return new Decision(Action.SERVE, null, false);
        }
        if (request.noCache() || request.noStore() || request.maxAgeSeconds() == 0) {
            return new Decision(refresh, "request", true);
        }
        if (request.maxAgeSeconds() != CacheControl.ABSENT && ageMillis > request.maxAgeSeconds() * 1000) {
            return new Decision(refresh, "request", true);
        }
        if (request.minFreshSeconds() != CacheControl.ABSENT
                && lifetimeMillis - ageMillis < request.minFreshSeconds() * 1000) {
            return new Decision(refresh, "request", true);
        }
        return new Decision(Action.SERVE, null, false);
    }

    /** §4.2.4 and §5.2.1.2: a stale response is served only when the client allows it and the response does too. */
    private static boolean stalenessAccepted(CacheControl cc, long lifetimeMillis, long ageMillis,
            RequestDirectives request) {
        if (request.maxStaleSeconds() == CacheControl.ABSENT || request.noCache() || request.noStore()) {
            return false;
        }
        if (cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage")) {
            // §5.2.2.2, §5.2.2.8, §5.2.2.10: a shared cache must not serve these stale
            return false;
        }
        long staleness = ageMillis - lifetimeMillis;
        if (request.maxStaleSeconds() != Long.MAX_VALUE && staleness > request.maxStaleSeconds() * 1000) {
            return false;
        }
        return request.maxAgeSeconds() == CacheControl.ABSENT || ageMillis <= request.maxAgeSeconds() * 1000;
    }
}
