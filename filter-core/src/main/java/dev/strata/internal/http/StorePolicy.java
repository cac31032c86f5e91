package dev.strata.internal.http;

import java.util.Set;

/**
 * Decides from a response's status and header fields whether a shared cache may store it
 * (RFC 9111 §3 and §3.5, stricter where a shared cache must be). The URL never takes part:
 * deciding by extension is how cache deception works.
 */
public final class StorePolicy {
    /** Lower-cased request fields that carry credentials: varying on them means per-user. */
    private static final Set<String> PER_USER_FIELDS = Set.of("cookie", "authorization", "proxy-authorization");

    private final Set<Integer> cacheableStatuses;
    private final boolean storeAuthorized;

    /**
     * @param cacheableStatuses statuses that may be stored
     * @param storeAuthorized whether responses to requests with {@code Authorization} may be stored
     *     when they say {@code public}, {@code s-maxage} or {@code must-revalidate}
     */
    public StorePolicy(Set<Integer> cacheableStatuses, boolean storeAuthorized) {
        this.cacheableStatuses = Set.copyOf(cacheableStatuses);
        this.storeAuthorized = storeAuthorized;
    }

    /**
     * Why the response cannot be stored, or {@code null} when it can (freshness aside).
     *
     * @param status the response status
     * @param headers the response header fields as sent
     * @param cc the response's {@code Cache-Control}
     * @param requestAuthorized whether the request carried {@code Authorization}
     */
    public String refusal(int status, Headers headers, CacheControl cc, boolean requestAuthorized) {
        if (!cacheableStatuses.contains(status)) {
            return "status " + status;
        }
        if (cc.has("no-store")) {
            return "no-store";
        }
        if (cc.unqualified("private")) {
            // private="field" only keeps the listed fields out of the stored copy (§5.2.2.7)
            return "private";
        }
        if (cc.unqualified("no-cache") && !hasValidator(headers)) {
            // Storing is allowed, but every use needs validation, which needs a validator.
            return "no-cache without validator";
        }
        if (headers.has("Set-Cookie") || headers.has("Set-Cookie2")) {
            // a response that sets a cookie is per user, whatever private="Set-Cookie" or
            // no-cache="Set-Cookie" say of the field alone: never shared
            return "set-cookie";
        }
        if (namesCookieFields(cc.fieldNames("no-cache")) || namesCookieFields(cc.fieldNames("private"))) {
            // an origin that marks its cookies private marks the response as one that sets them
            return "private cookies";
        }
        if (status == 206) {
            return "partial content";
        }
        if (headers.has("Content-Range")) {
            return "partial content";
        }
        String[] varyNames = VaryNames.parse(headers.joined("Vary"));
        if (varyNames == null) {
            return "vary *";
        }
        for (String name : varyNames) {
            if (PER_USER_FIELDS.contains(name)) {
                // The response is per user. Storing it per credential value would put session
                // tokens into keys, which every entry echoes on every node; share nothing instead.
                return "vary " + name;
            }
        }
        if (requestAuthorized) {
            if (!storeAuthorized) {
                return "authorization";
            }
            if (!cc.has("public") && !cc.has("s-maxage") && !cc.has("must-revalidate")) {
                return "authorization without public, s-maxage or must-revalidate";
            }
        }
        return null;
    }

    private static boolean namesCookieFields(java.util.Set<String> fields) {
        return fields.contains("set-cookie") || fields.contains("set-cookie2");
    }

    /** Whether the response has an {@code ETag} or a valid {@code Last-Modified} to validate with. */
    public static boolean hasValidator(Headers headers) {
        return headers.has("ETag") || HttpDates.parse(headers.first("Last-Modified")) != Long.MIN_VALUE;
    }

}
