package dev.strata.internal.coordination;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers for a short time that a key's response was not storable, so that requests for it go
 * straight to the origin instead of queueing behind a leader whose answer they cannot use. Bounded:
 * past {@code maxKeys} it forgets everything, which only costs some queueing.
 */
public final class HitForMiss {
    private final ConcurrentHashMap<String, Long> until = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxKeys;

    /**
     * @param ttlMillis how long a key is remembered
     * @param maxKeys how many keys at most
     */
    public HitForMiss(long ttlMillis, int maxKeys) {
        this.ttlMillis = ttlMillis;
        this.maxKeys = maxKeys;
    }

    /** Marks {@code key} not storable from {@code now}. */
    public void mark(String key, long now) {
        if (ttlMillis <= 0) {
            return;
        }
        if (until.size() >= maxKeys) {
            until.clear();
        }
        until.put(key, now + ttlMillis);
    }

    /** Whether {@code key} is marked at {@code now}. */
    public boolean active(String key, long now) {
        Long end = until.get(key);
        if (end == null) {
            return false;
        }
        if (now >= end) {
            until.remove(key, end);
            return false;
        }
        return true;
    }
}
