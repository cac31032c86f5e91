package dev.strata.internal;

import dev.strata.internal.http.CacheControl;

/**
 * How long past its freshness a response may still be served (RFC 5861): while one refresh runs
 * ({@code stale-while-revalidate}) and when the origin fails ({@code stale-if-error}). The
 * response's own directive wins over the configured default; {@code must-revalidate},
 * {@code proxy-revalidate} and {@code no-cache} forbid serving stale at all (RFC 9111 §5.2.2), and
 * {@code s-maxage} forbids the configured defaults.
 */
final class StaleWindows {
    private StaleWindows() {
    }

    static long whileRevalidate(CacheControl cc, Settings settings) {
        return window(cc, "stale-while-revalidate", settings.staleWhileRevalidate().toMillis());
    }

    static long ifError(CacheControl cc, Settings settings) {
        return window(cc, "stale-if-error", settings.staleIfError().toMillis());
    }

    private static long window(CacheControl cc, String directive, long defaultMillis) {
        if (cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("no-cache")) {
            return 0;
        }
        long seconds = cc.seconds(directive);
        if (seconds != CacheControl.ABSENT) {
            return seconds * 1000;
        }
        // s-maxage implies proxy-revalidate for shared caches (RFC 9111 §5.2.2.10): only the
        // origin's own RFC 5861 directive may open a stale window then, never a configured default
        return cc.has("s-maxage") ? 0 : defaultMillis;
    }
}
