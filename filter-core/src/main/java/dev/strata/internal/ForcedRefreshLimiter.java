package dev.strata.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits client-forced refreshes ({@code no-cache}, {@code max-age=0}, ...) of a fresh stored
 * response to one per key per interval, so that clients cannot turn the cache into a pass-through
 * for a hot URL (RFC 9111 §5.2.1.4 lets a cache treat such directives as a preference). Per node.
 */
final class ForcedRefreshLimiter {
    private static final int MAX_TRACKED = 10_000;
    private final long intervalMillis;
    private final Map<String, Long> lastRefresh = new ConcurrentHashMap<>();

    /** @param intervalMillis minimum time between two forced refreshes of one key; 0 = no limit */
    ForcedRefreshLimiter(long intervalMillis) {
        this.intervalMillis = intervalMillis;
    }

    /**
     * Whether a forced refresh of {@code key} may go to the origin now; if so it is recorded.
     *
     * @param key the storage key of the stored response
     * @param now the current time
     */
    boolean allow(String key, long now) {
        if (intervalMillis <= 0) {
            return true;
        }
        if (lastRefresh.size() > MAX_TRACKED) {
            lastRefresh.values().removeIf(t -> now - t >= intervalMillis);
        }
        boolean[] allowed = {false};
        lastRefresh.compute(key, (k, last) -> {
            if (last == null || now - last >= intervalMillis || now < last) {
                allowed[0] = true;
                return now;
            }
            return last;
        });
        return allowed[0];
    }
}
