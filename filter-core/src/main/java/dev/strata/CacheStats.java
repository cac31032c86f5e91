package dev.strata;

/**
 * A snapshot of one filter instance's counters on this node, from {@link StrataFilter#stats()}.
 *
 * @param requests requests that reached the filter
 * @param tier1Hits requests answered from tier 1 (this node's JCache)
 * @param tier2Hits requests answered from tier 2 (the Hazelcast cluster)
 * @param misses requests sent to the origin after a lookup
 * @param bypasses requests the cache did not handle (method, credentials, path, ...)
 * @param notModified hits answered with {@code 304 Not Modified}
 * @param stores responses written to the tiers
 * @param droppedWrites tier writes dropped because the write queue was full
 * @param tier1Errors failed tier-1 operations (each failed open)
 * @param tier2Errors failed, timed-out or skipped tier-2 operations (each failed open)
 * @param corruptEntries stored values that failed integrity checks and were ignored
 * @param coalesced requests answered with another request's origin fetch (this node's or another's)
 * @param staleServed requests answered with a stale entry (stale-while-revalidate or stale-if-error)
 * @param fencedOut tier-2 writes refused because a newer writer (higher fence) or a recent write won
 * @param tier2Circuit state of the cluster's circuit breaker, shared by tier 2, the write coordinator
 *     and the namespace version: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} or {@code DISABLED}
 *     when tier 2 is not configured
 * @param purges purges made through this node (URL, tags or everything; hard or soft)
 * @param originFetches origin fetches whose response could be stored, timed
 * @param originFetchNanos their total time
 * @param tier2Reads tier-2 reads, timed
 * @param tier2ReadNanos their total time
 * @param tier1Entries entries in this node's tier 1 (from Ehcache's events: approximate)
 * @param tier1Bytes their approximate size in bytes
 * @param tier2Entries tier-2 entries this member owns (the cluster's total is the sum over members)
 * @param tier2Bytes the memory those entries take on this member
 */
public record CacheStats(
        long requests,
        long tier1Hits,
        long tier2Hits,
        long misses,
        long bypasses,
        long notModified,
        long stores,
        long droppedWrites,
        long tier1Errors,
        long tier2Errors,
        long corruptEntries,
        long coalesced,
        long staleServed,
        long fencedOut,
        String tier2Circuit,
        long purges,
        long originFetches,
        long originFetchNanos,
        long tier2Reads,
        long tier2ReadNanos,
        long tier1Entries,
        long tier1Bytes,
        long tier2Entries,
        long tier2Bytes) {

    /** Share of cached lookups (requests not bypassed) answered by tier 1; 0 when there were none. */
    public double tier1HitRatio() {
        return ratio(tier1Hits, requests - bypasses);
    }

    /** Share of the lookups tier 1 did not answer that tier 2 answered; 0 when there were none. */
    public double tier2HitRatio() {
        return ratio(tier2Hits, requests - bypasses - tier1Hits);
    }

    /** Share of cached lookups that went to the origin (misses); 0 when there were none. */
    public double originFallThroughRatio() {
        return ratio(misses, requests - bypasses);
    }

    private static double ratio(long part, long whole) {
        return whole <= 0 ? 0 : (double) part / whole;
    }
}
