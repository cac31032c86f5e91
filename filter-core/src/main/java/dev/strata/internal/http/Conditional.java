package dev.strata.internal.http;

/**
 * Evaluates a client's {@code If-None-Match} / {@code If-Modified-Since} against a stored
 * response (RFC 9110 §13.1.2, §13.1.3, §13.2.2).
 */
public final class Conditional {
    private Conditional() {
    }

    /**
     * Whether the client already has the stored representation and should get a {@code 304}.
     *
     * @param ifNoneMatch the request's {@code If-None-Match}, or {@code null}
     * @param ifModifiedSince the request's {@code If-Modified-Since}, or {@code null}
     * @param etag the stored {@code ETag}, or {@code null}
     * @param lastModified the stored {@code Last-Modified}, or {@code null}
     */
    public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, String lastModified) {
        return notModified(ifNoneMatch, ifModifiedSince, etag, lastModified, null);
    }

    /**
     * As {@link #notModified(String, String, String, String)}, with the stored response's
     * {@code Date} standing in for a missing {@code Last-Modified} (RFC 9111 §4.3.2): a stored
     * response dated no later than the client's {@code If-Modified-Since} has not changed since.
     *
     * @param date the stored {@code Date}, or {@code null}
     */
    public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, String lastModified,
            String date) {
        if (ifNoneMatch != null) {
            // If-None-Match takes precedence; If-Modified-Since is then ignored (§13.2.2 step 3/4).
            return etag != null && weakMatchAny(ifNoneMatch, etag);
        }
        String modifiedAt = lastModified != null ? lastModified : date;
        if (ifModifiedSince != null && modifiedAt != null) {
            long since = HttpDates.parse(ifModifiedSince);
            long modified = HttpDates.parse(modifiedAt);
            return since != Long.MIN_VALUE && modified != Long.MIN_VALUE && modified <= since;
        }
        return false;
    }

    /** Weak comparison of {@code etag} against each entity-tag of a list, or {@code *}. */
    static boolean weakMatchAny(String list, String etag) {
        String trimmed = list.trim();
        if (trimmed.equals("*")) {
            return true;
        }
        String wanted = opaque(etag.trim());
        if (wanted == null) {
            return false;
        }
        int i = 0;
        int n = trimmed.length();
        while (i < n) {
            while (i < n && (trimmed.charAt(i) == ',' || trimmed.charAt(i) == ' ' || trimmed.charAt(i) == '\t')) {
                i++;
            }
            int start = i;
            if (trimmed.startsWith("W/", i)) {
                i += 2;
            }
            if (i < n && trimmed.charAt(i) == '"') {
                int close = trimmed.indexOf('"', i + 1);
                if (close < 0) {
                    return false;
                }
                i = close + 1;
                if (wanted.equals(opaque(trimmed.substring(start, i)))) {
                    return true;
                }
            } else {
                // malformed member: skip to the next comma
                while (i < n && trimmed.charAt(i) != ',') {
                    i++;
                }
            }
        }
        return false;
    }

    /**
     * Strong comparison (RFC 9110 §8.8.3.2): both tags well-formed, neither weak, and the opaque tags
     * equal character for character.
     */
    public static boolean strongMatch(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = a.trim();
        String y = b.trim();
        return !x.startsWith("W/") && !y.startsWith("W/") && opaque(x) != null && opaque(x).equals(opaque(y));
    }

    /** Weak comparison (RFC 9110 §8.8.3.2): the opaque tags equal, whether either is weak or not. */
    public static boolean weakMatch(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        String x = opaque(a.trim());
        return x != null && x.equals(opaque(b.trim()));
    }

    /**
     * Whether a {@code 304} identifies the stored response it would freshen (RFC 9111 §4.3.4): its
     * {@code ETag}, when it has one, must match the stored one (strong comparison for a strong tag,
     * weak for a weak one); without one, its {@code Last-Modified} must equal the stored one when
     * both have it. A {@code 304} carrying no validator selects the one response validated.
     */
    public static boolean selects(String notModifiedEtag, String notModifiedLastModified, String storedEtag,
            String storedLastModified) {
        if (notModifiedEtag != null) {
            String fresh = validatorFor(notModifiedEtag);
            String old = validatorFor(storedEtag);
            return fresh != null && (fresh.startsWith("W/") ? weakMatch(fresh, old) : strongMatch(fresh, old));
        }
        if (notModifiedLastModified != null && storedLastModified != null) {
            long fresh = HttpDates.parse(notModifiedLastModified);
            return fresh != Long.MIN_VALUE && fresh == HttpDates.parse(storedLastModified);
        }
        return true;
    }

    /**
     * The {@code If-None-Match} value a cache sends to validate a stored response with this
     * {@code ETag} (RFC 9111 §4.3.1): the tag itself, quoted when the origin sent it bare; {@code null}
     * without a tag.
     */
    public static String validatorFor(String etag) {
        if (etag == null || etag.isBlank()) {
            return null;
        }
        String t = etag.trim();
        if (opaque(t) != null) {
            return t;
        }
        return t.indexOf('"') < 0 && t.indexOf(',') < 0 ? "\"" + t + "\"" : null;
    }

    /** The quoted opaque-tag of an entity-tag without its weakness prefix, or {@code null}. */
    private static String opaque(String entityTag) {
        String t = entityTag.startsWith("W/") ? entityTag.substring(2) : entityTag;
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            return t;
        }
        return null;
    }
}
