package dev.strata.internal.purge;

import dev.strata.internal.entry.CachedResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the purge records, consulted on every read from either tier.
 *
 * <p>Every purge takes the next number of one cluster-wide purge sequence and records it under
 * the names it purges ({@link PurgeIds}): {@code hard} for a hard purge, {@code soft} (and when)
 * for a soft one. Every stored response carries the sequence its node knew when the fetch
 * started. A response is gone when a hard record of its URL, path, tags or everything is newer
 * than its fetch; it is stale from the purge on (served only within its own stale windows) when
 * only a soft record is. A fetch that was already running when the purge came is therefore purged
 * too, wherever and whenever it is stored.
 *
 * <p>Records arrive by broadcast (each node applies a purge before it acknowledges it) and by a
 * periodic catch-up from the cluster's copy; both merge by taking the newer value, so the order
 * does not matter. Records are kept for {@code purgeRecordTtl}; a response stored longer ago than
 * that is never served, so an expired record can never bring back what it purged.
 */
public final class PurgeRecords {
    /** Index of each field of a mark: {@code long[] {hard, soft, softAt, at}}. */
    static final int HARD = 0;
    static final int SOFT = 1;
    static final int SOFT_AT = 2;
    static final int AT = 3;

    private final Map<String, long[]> marks = new ConcurrentHashMap<>();
    private final AtomicLong known = new AtomicLong();
    private final AtomicLong newest = new AtomicLong();
    private final long retentionMillis;

    /** @param retentionMillis how long records are kept, and so the oldest response served */
    public PurgeRecords(long retentionMillis) {
        this.retentionMillis = retentionMillis;
    }

    /** A hard mark at sequence {@code seq}, made at {@code at}. */
    static long[] hard(long seq, long at) {
        return new long[] {seq, 0, 0, at};
    }

    /** A soft mark at sequence {@code seq}, made at {@code at}. */
    static long[] soft(long seq, long at) {
        return new long[] {0, seq, at, at};
    }

    /** The newer of two marks, field by field (the soft time goes with the newer soft sequence). */
    static long[] merge(long[] a, long[] b) {
        if (a == null) {
            return b.clone();
        }
        long[] m = a.clone();
        m[HARD] = Math.max(a[HARD], b[HARD]);
        if (b[SOFT] > a[SOFT]) {
            m[SOFT] = b[SOFT];
            m[SOFT_AT] = b[SOFT_AT];
        }
        m[AT] = Math.max(a[AT], b[AT]);
        return m;
    }

    /** The sequence a fetch starting now is stamped with. */
    public long stamp() {
        return known.get();
    }

    /** Records that the cluster's purge sequence has reached {@code seq}. */
    public void advance(long seq) {
        known.accumulateAndGet(seq, Math::max);
    }

    /** Merges a mark under a record name. */
    public void apply(String id, long[] mark) {
        marks.merge(id, mark.clone(), PurgeRecords::merge);
        newest.accumulateAndGet(Math.max(mark[HARD], mark[SOFT]), Math::max);
    }

    /** Number of records held. */
    public int size() {
        return marks.size();
    }

    /** Drops records older than the retention: the responses they could purge are never served. */
    public void expire(long now) {
        marks.values().removeIf(m -> now - m[AT] > retentionMillis);
    }

    /**
     * The response as it may be used now: {@code null} when a hard purge (or the retention) rules
     * it out, the same response when no purge reaches it, or a copy that stopped being fresh at
     * the soft purge's time.
     */
    public CachedResponse admit(CachedResponse r, long now) {
        if (r == null) {
            return null;
        }
        if (now - r.storedAt() > retentionMillis) {
            return null;
        }
        long seq = r.purgeSeq();
        if (seq >= newest.get()) {
            return r; // fetched after the newest purge this node knows: nothing to look up
        }
        long softAt = Long.MAX_VALUE;
        for (String id : PurgeIds.ofKey(r.key())) {
            long[] m = marks.get(id);
            if (m != null) {
                if (seq < m[HARD]) {
                    return null;
                }
                if (seq < m[SOFT]) {
                    softAt = Math.min(softAt, m[SOFT_AT]);
                }
            }
        }
        for (String tag : r.tags()) {
            long[] m = marks.get(PurgeIds.tag(tag));
            if (m != null) {
                if (seq < m[HARD]) {
                    return null;
                }
                if (seq < m[SOFT]) {
                    softAt = Math.min(softAt, m[SOFT_AT]);
                }
            }
        }
        long[] all = marks.get(PurgeIds.ALL);
        if (all != null) {
            if (seq < all[HARD]) {
                return null;
            }
            if (seq < all[SOFT]) {
                softAt = Math.min(softAt, all[SOFT_AT]);
            }
        }
        return softAt < r.expiresAt() ? r.expiringAt(softAt) : r;
    }
}
