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
        if (ifNoneMatch != null) {
            // If-None-Match takes precedence; If-Modified-Since is then ignored (§13.2.2 step 3/4).
            return etag != null && weakMatchAny(ifNoneMatch, etag);
        }
        if (ifModifiedSince != null && lastModified != null) {
            long since = HttpDates.parse(ifModifiedSince);
            long modified = HttpDates.parse(lastModified);
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

    /** The quoted opaque-tag of an entity-tag without its weakness prefix, or {@code null}. */
    private static String opaque(String entityTag) {
        String t = entityTag.startsWith("W/") ? entityTag.substring(2) : entityTag;
        if (t.length() >= 2 && t.charAt(0) == '"' && t.charAt(t.length() - 1) == '"') {
            return t;
        }
        return null;
    }
}
