package dev.strata.internal.http;

import java.util.Set;

/**
 * Decides from a response's status and header fields whether a shared cache may store it
 * (RFC 9111 §3 and §3.5, stricter where a shared cache must be). The URL never takes part:
 * deciding by extension is how cache deception works.
 */
public final class StorePolicy {
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
        if ((headers.has("Set-Cookie") || headers.has("Set-Cookie2")) && !cookieFieldsWithheld(headers, cc)) {
            // a shared response must not hand one user's cookie to another; private="Set-Cookie" or
            // no-cache="Set-Cookie" lets the rest of the response be shared without it
            return "set-cookie";
        }
        if (status == 206) {
            return "partial content";
        }
        if (headers.has("Content-Range")) {
            return "partial content";
        }
        String vary = headers.joined("Vary");
        if (vary != null && VaryNames.parse(vary) == null) {
            return "vary *";
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

    /** Whether the response has an {@code ETag} or a valid {@code Last-Modified} to validate with. */
    public static boolean hasValidator(Headers headers) {
        return headers.has("ETag") || HttpDates.parse(headers.first("Last-Modified")) != Long.MIN_VALUE;
    }

    private static boolean cookieFieldsWithheld(Headers headers, CacheControl cc) {
        java.util.Set<String> named = new java.util.HashSet<>(cc.fieldNames("private"));
        named.addAll(cc.fieldNames("no-cache"));
        return (!headers.has("Set-Cookie") || named.contains("set-cookie"))
                && (!headers.has("Set-Cookie2") || named.contains("set-cookie2"));
    }
}
