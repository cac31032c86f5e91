package dev.strata.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this node last invalidated each URL key. Tier removals run in the background; until they
 * land, and against tier writes of responses received before the invalidation that are still
 * queued, this log keeps this node from serving or storing what was invalidated.
 */
final class InvalidationLog {
    private static final int MAX_TRACKED = 10_000;
    /** Longer than any write stays queued or any origin response takes to arrive. */
    private static final long RETENTION_MILLIS = 10 * 60 * 1000;
    private final Map<String, Long> invalidatedAt = new ConcurrentHashMap<>();

    /** Records that the URL under this primary storage key was invalidated at {@code now}. */
    void record(String primaryStorageKey, long now) {
        if (invalidatedAt.size() > MAX_TRACKED) {
            invalidatedAt.values().removeIf(t -> now - t > RETENTION_MILLIS);
        }
        invalidatedAt.merge(primaryStorageKey, now, Math::max);
    }

    /** Whether a response received at {@code receivedAt} for this URL was invalidated since. */
    boolean invalidated(String primaryStorageKey, long receivedAt) {
        Long at = invalidatedAt.get(primaryStorageKey);
        return at != null && receivedAt <= at;
    }
}
