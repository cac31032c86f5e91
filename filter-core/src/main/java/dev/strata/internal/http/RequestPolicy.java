package dev.strata.internal.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * Decides what the cache may do for one request before any tier is read: bypass it, look it up,
 * and whether its response may be stored (RFC 9111 §4 and §5.2.1; stricter where a shared cache
 * must be).
 */
public final class RequestPolicy {
    private static final String[] METHOD_OVERRIDES = {
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"};

    private final PathPatterns paths;
    private final boolean storeAuthorized;

    /**
     * @param paths which application paths are cached at all
     * @param storeAuthorized whether requests with {@code Authorization} may use the cache
     */
    public RequestPolicy(PathPatterns paths, boolean storeAuthorized) {
        this.paths = paths;
        this.storeAuthorized = storeAuthorized;
    }

    /** What may be done; {@code fwd} is the RFC 9211 {@code fwd} reason when the cache is skipped. */
    public record Decision(boolean bypass, boolean lookup, boolean store, String fwd) {
        static final Decision USE = new Decision(false, true, true, null);
        static final Decision LOOKUP_ONLY = new Decision(false, true, false, null);
        /** Not handled by the cache at all. */
        public static final Decision BYPASS = new Decision(true, false, false, "bypass");
        static final Decision METHOD = new Decision(true, false, false, "method");
    }

    /**
     * @param method the request method
     * @param path the path inside the application, as the container dispatches on it
     * @param query the raw query string, or {@code null}
     * @param header first value of a request header, or {@code null}
     * @param perUserCookie whether the request carries a cookie that marks it per-user
     */
    public Decision decide(String method, String path, String query, UnaryOperator<String> header,
            boolean perUserCookie) {
        if (!paths.cached(path)) {
            return Decision.BYPASS;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return Decision.METHOD;
        }
        if (hasBody(header) || overridesMethod(query, header)) {
            // A fat GET or an overridden method can make the origin answer something else than
            // a GET of this URL: never share that.
            return Decision.METHOD;
        }
        if (perUserCookie || header.apply("Authorization") != null && !storeAuthorized) {
            return Decision.BYPASS;
        }
        if (CacheControl.parse(header.apply("Cache-Control")).has("no-store")) {
            // §5.2.1.5: nothing of this exchange is stored; whether a stored response may answer
            // (and no-cache, max-age, Pragma...) is RequestDirectives' and ServePolicy's call
            return Decision.LOOKUP_ONLY;
        }
        return Decision.USE;
    }

    private static boolean hasBody(UnaryOperator<String> header) {
        String length = header.apply("Content-Length");
        if (length != null && !length.trim().equals("0")) {
            return true;
        }
        return header.apply("Transfer-Encoding") != null;
    }

    private static boolean overridesMethod(String query, UnaryOperator<String> header) {
        for (String name : METHOD_OVERRIDES) {
            if (header.apply(name) != null) {
                return true;
            }
        }
        if (query == null) {
            return false;
        }
        // names compared as the application's framework sees them, percent-decoded: %5Fmethod is _method
        for (String pair : query.split("[&;]")) {
            int eq = pair.indexOf('=');
            if (decodedName(eq < 0 ? pair : pair.substring(0, eq)).equals("_method")) {
                return true;
            }
        }
        return false;
    }

    private static String decodedName(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }
}
